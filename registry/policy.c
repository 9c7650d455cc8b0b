/* The one policy point (policy.h). */
#include "policy.h"

#include "ioreturn.h"
#include "user_client.h"

bool reg_policy_privileged(const struct registry *reg, const struct reg_caller *caller)
{
	return caller && (caller->uid == 0 || (reg && caller->uid == registry_access(reg)->owner));
}

int reg_policy_check(const struct registry *reg, const struct reg_entry *e,
		     enum reg_change what, const struct reg_caller *caller,
		     uint32_t method_flags, uid_t conn_uid)
{
	static const struct reg_access none;
	const struct reg_access *a = reg ? registry_access(reg) : &none;
	bool privileged = reg_policy_privileged(reg, caller);
	unsigned grants = e && e->driver ? e->driver->user_grants : 0;

	switch (what) {
	case REG_CHANGE_PROPERTIES:
		if (a->read_only)
			return REG_IO_NOT_WRITABLE;
		return privileged || (grants & REG_GRANT_PROPERTIES) ? REG_IO_SUCCESS
								      : REG_IO_NOT_PRIVILEGED;
	case REG_CHANGE_CONN_PROPERTIES:
		if (a->read_only)
			return REG_IO_NOT_WRITABLE;
		return privileged || (grants & REG_GRANT_CONN_PROPERTIES)
			       ? REG_IO_SUCCESS
			       : REG_IO_NOT_PRIVILEGED;
	case REG_CHANGE_METHOD:
		return privileged || (method_flags & REG_UC_USER) ? REG_IO_SUCCESS
								   : REG_IO_NOT_PRIVILEGED;
	case REG_CHANGE_SHARED_STATE:
		return caller && caller->uid == 0 ? REG_IO_SUCCESS : REG_IO_NOT_PRIVILEGED;
	case REG_CHANGE_DEVICE_EVENT:
		if (a->read_only)
			return REG_IO_NOT_WRITABLE;
		return caller && caller->uid == 0 ? REG_IO_SUCCESS : REG_IO_NOT_PRIVILEGED;
	case REG_CHANGE_CONN_MEMORY:
		return caller && (caller->uid == 0 || caller->uid == conn_uid)
			       ? REG_IO_SUCCESS
			       : REG_IO_NOT_PRIVILEGED;
	}
	return REG_IO_NOT_PRIVILEGED;
}

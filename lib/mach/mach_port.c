/* mach_port_* calls on libIOKit's name table, with xnu's edge cases:
 * MACH_PORT_NULL and MACH_PORT_DEAD are accepted by deallocate and by
 * mod_refs/get_refs on send rights (get_refs reports 1), an unknown name
 * gives KERN_INVALID_NAME, and a task other than mach_task_self() gives
 * MACH_SEND_INVALID_DEST (what the kernel's trap and MIG fallback give). */
#include <stdlib.h>
#include <string.h>

#include <mach/mach.h>

#include "port_table.h"

mach_port_t mach_task_self_ = PORT_TABLE_TASK_NAME;
mach_port_t bootstrap_port = PORT_TABLE_BOOTSTRAP_NAME;

/* The function behind the macro, for callers that take its address or
 * look it up by name. */
mach_port_t (mach_task_self)(void)
{
	return mach_task_self_;
}

static bool is_self(ipc_space_t task)
{
	return task == mach_task_self_;
}

static bool is_fixed_send(mach_port_name_t name)
{
	return name == PORT_TABLE_TASK_NAME || name == PORT_TABLE_BOOTSTRAP_NAME;
}

/* The checks deallocate and destroy start with: another task
 * (MACH_SEND_INVALID_DEST), a name with nothing to release (null, dead, or
 * a fixed send right: KERN_SUCCESS), an unknown name (KERN_INVALID_NAME).
 * True with *kr the answer when one applies; false with *kind set. */
static bool release_answered(ipc_space_t task, mach_port_name_t name, enum port_kind *kind,
			     kern_return_t *kr)
{
	if (!is_self(task))
		*kr = MACH_SEND_INVALID_DEST;
	else if (!MACH_PORT_VALID(name) || is_fixed_send(name))
		*kr = KERN_SUCCESS;
	else if (port_table_kind(name, kind) != KERN_SUCCESS)
		*kr = KERN_INVALID_NAME;
	else
		return false;
	return true;
}

kern_return_t mach_port_deallocate(ipc_space_t task, mach_port_name_t name)
{
	enum port_kind kind;
	kern_return_t kr;

	if (release_answered(task, name, &kind, &kr))
		return kr;
	if (kind == PORT_KIND_RECEIVE)
		return KERN_INVALID_RIGHT;
	return port_table_mod_urefs(name, -1);
}

kern_return_t mach_port_destroy(ipc_space_t task, mach_port_name_t name)
{
	enum port_kind kind;
	mach_port_urefs_t refs;
	kern_return_t kr;

	if (release_answered(task, name, &kind, &kr))
		return kr;
	if (kind == PORT_KIND_RECEIVE)
		return port_table_destroy_receive(name);
	if (port_table_get_urefs(name, &refs) != KERN_SUCCESS)
		return KERN_INVALID_NAME;
	return port_table_mod_urefs(name, -(int)refs);
}

kern_return_t mach_port_names(ipc_space_t task, mach_port_name_array_t *names,
			      mach_msg_type_number_t *namesCnt, mach_port_type_array_t *types,
			      mach_msg_type_number_t *typesCnt)
{
	mach_port_name_t *n;
	enum port_kind *k;
	size_t count, total;
	vm_address_t na = 0, ta = 0;
	kern_return_t kr;

	if (!is_self(task))
		return MACH_SEND_INVALID_DEST;
	if (!names || !namesCnt || !types || !typesCnt)
		return KERN_INVALID_ARGUMENT;
	kr = port_table_names(&n, &k, &count);
	if (kr != KERN_SUCCESS)
		return kr;
	/* The task's own name and bootstrap_port come first, as the space's
	 * first entries do on macOS. */
	total = count + 2;
	kr = vm_allocate(task, &na, total * sizeof(mach_port_name_t), VM_FLAGS_ANYWHERE);
	if (kr == KERN_SUCCESS)
		kr = vm_allocate(task, &ta, total * sizeof(mach_port_type_t), VM_FLAGS_ANYWHERE);
	if (kr != KERN_SUCCESS) {
		if (na)
			vm_deallocate(task, na, total * sizeof(mach_port_name_t));
		free(n);
		free(k);
		return KERN_RESOURCE_SHORTAGE;
	}
	*names = (mach_port_name_array_t)na;
	*types = (mach_port_type_array_t)ta;
	(*names)[0] = PORT_TABLE_TASK_NAME;
	(*types)[0] = MACH_PORT_TYPE_SEND;
	(*names)[1] = PORT_TABLE_BOOTSTRAP_NAME;
	(*types)[1] = MACH_PORT_TYPE_SEND;
	for (size_t i = 0; i < count; i++) {
		(*names)[i + 2] = n[i];
		(*types)[i + 2] = k[i] == PORT_KIND_RECEIVE ? MACH_PORT_TYPE_RECEIVE
							    : MACH_PORT_TYPE_SEND;
	}
	*namesCnt = *typesCnt = (mach_msg_type_number_t)total;
	free(n);
	free(k);
	return KERN_SUCCESS;
}

kern_return_t mach_port_mod_refs(ipc_space_t task, mach_port_name_t name,
				 mach_port_right_t right, mach_port_delta_t delta)
{
	enum port_kind kind;

	if (!is_self(task))
		return MACH_SEND_INVALID_DEST;
	if (right >= MACH_PORT_RIGHT_NUMBER)
		return KERN_INVALID_VALUE;
	if (!MACH_PORT_VALID(name)) {
		if (right == MACH_PORT_RIGHT_SEND || right == MACH_PORT_RIGHT_SEND_ONCE)
			return KERN_SUCCESS;
		return KERN_INVALID_NAME;
	}
	if (is_fixed_send(name))
		return right == MACH_PORT_RIGHT_SEND ? KERN_SUCCESS : KERN_INVALID_RIGHT;
	if (port_table_kind(name, &kind) != KERN_SUCCESS)
		return KERN_INVALID_NAME;
	switch (right) {
	case MACH_PORT_RIGHT_SEND:
		if (kind == PORT_KIND_RECEIVE)
			return KERN_INVALID_RIGHT;
		return port_table_mod_urefs(name, delta);
	case MACH_PORT_RIGHT_RECEIVE:
		if (kind != PORT_KIND_RECEIVE)
			return KERN_INVALID_RIGHT;
		/* A receive right has no urefs: only 0 and -1 make sense. */
		if (delta == 0)
			return KERN_SUCCESS;
		if (delta != -1)
			return KERN_INVALID_VALUE;
		return port_table_destroy_receive(name);
	default:
		/* No send-once rights, port sets or dead names exist here. */
		return KERN_INVALID_RIGHT;
	}
}

kern_return_t mach_port_get_refs(ipc_space_t task, mach_port_name_t name,
				 mach_port_right_t right, mach_port_urefs_t *refs)
{
	enum port_kind kind;

	if (!is_self(task))
		return MACH_SEND_INVALID_DEST;
	if (refs == NULL)
		return KERN_INVALID_ARGUMENT;
	if (right >= MACH_PORT_RIGHT_NUMBER)
		return KERN_INVALID_VALUE;
	if (!MACH_PORT_VALID(name)) {
		if (right == MACH_PORT_RIGHT_SEND || right == MACH_PORT_RIGHT_SEND_ONCE) {
			*refs = 1;
			return KERN_SUCCESS;
		}
		return KERN_INVALID_NAME;
	}
	if (is_fixed_send(name)) {
		*refs = right == MACH_PORT_RIGHT_SEND ? 1 : 0;
		return KERN_SUCCESS;
	}
	if (port_table_kind(name, &kind) != KERN_SUCCESS)
		return KERN_INVALID_NAME;
	/* A name without the right asked about has 0 of it. */
	if (right == MACH_PORT_RIGHT_RECEIVE) {
		*refs = kind == PORT_KIND_RECEIVE ? 1 : 0;
		return KERN_SUCCESS;
	}
	if (right != MACH_PORT_RIGHT_SEND || kind == PORT_KIND_RECEIVE) {
		*refs = 0;
		return KERN_SUCCESS;
	}
	if (port_table_get_urefs(name, refs) != KERN_SUCCESS)
		return KERN_INVALID_NAME;	/* released meanwhile */
	return KERN_SUCCESS;
}

kern_return_t mach_port_allocate(ipc_space_t task, mach_port_right_t right, mach_port_name_t *name)
{
	if (!is_self(task))
		return MACH_SEND_INVALID_DEST;
	if (name == NULL)
		return KERN_INVALID_ARGUMENT;
	if (right != MACH_PORT_RIGHT_RECEIVE)
		return KERN_INVALID_VALUE;
	return port_table_insert(PORT_KIND_RECEIVE, NULL, NULL, name);
}

kern_return_t mach_port_type(ipc_space_t task, mach_port_name_t name, mach_port_type_t *ptype)
{
	enum port_kind kind;

	if (!is_self(task))
		return MACH_SEND_INVALID_DEST;
	if (ptype == NULL)
		return KERN_INVALID_ARGUMENT;
	if (name == MACH_PORT_NULL)
		return KERN_INVALID_NAME;
	if (name == MACH_PORT_DEAD) {
		*ptype = MACH_PORT_TYPE_DEAD_NAME;
		return KERN_SUCCESS;
	}
	if (is_fixed_send(name)) {
		*ptype = MACH_PORT_TYPE_SEND;
		return KERN_SUCCESS;
	}
	if (port_table_kind(name, &kind) != KERN_SUCCESS)
		return KERN_INVALID_NAME;
	*ptype = kind == PORT_KIND_RECEIVE ? MACH_PORT_TYPE_RECEIVE : MACH_PORT_TYPE_SEND;
	return KERN_SUCCESS;
}

/* Per-user last refused property change (last_error.h). */
#include "last_error.h"

#include <pthread.h>
#include <string.h>
#include <talloc.h>
#include <time.h>

struct slot {
	uid_t uid;
	unsigned long long seq;	/* 0: empty */
	char message[512];
};

struct fs_last_errors {
	pthread_mutex_t lock;
	unsigned long long seq;
	struct slot slots[FS_LAST_ERROR_USERS];
};

static int destructor(struct fs_last_errors *t)
{
	pthread_mutex_destroy(&t->lock);
	return 0;
}

struct fs_last_errors *fs_last_errors_new(void *ctx)
{
	struct fs_last_errors *t = talloc_zero(ctx, struct fs_last_errors);

	if (!t)
		return NULL;
	pthread_mutex_init(&t->lock, NULL);
	talloc_set_destructor(t, destructor);
	return t;
}

void fs_last_error_set(struct fs_last_errors *t, uid_t uid, const char *message)
{
	struct slot *use = NULL;

	if (!t)
		return;
	pthread_mutex_lock(&t->lock);
	for (size_t i = 0; i < FS_LAST_ERROR_USERS && !use; i++)
		if (t->slots[i].seq && t->slots[i].uid == uid)
			use = &t->slots[i];
	for (size_t i = 0; i < FS_LAST_ERROR_USERS && !use; i++)
		if (!t->slots[i].seq)
			use = &t->slots[i];
	if (!use) {
		use = &t->slots[0];
		for (size_t i = 1; i < FS_LAST_ERROR_USERS; i++)
			if (t->slots[i].seq < use->seq)
				use = &t->slots[i];
	}
	use->uid = uid;
	use->seq = ++t->seq;
	strncpy(use->message, message, sizeof(use->message) - 1);
	use->message[sizeof(use->message) - 1] = '\0';
	pthread_mutex_unlock(&t->lock);
}

char *fs_last_error_render(void *ctx, struct fs_last_errors *t, uid_t uid)
{
	char *out = NULL;

	if (!t)
		return talloc_strdup(ctx, "");
	pthread_mutex_lock(&t->lock);
	for (size_t i = 0; i < FS_LAST_ERROR_USERS && !out; i++)
		if (t->slots[i].seq && t->slots[i].uid == uid)
			out = talloc_asprintf(ctx, "%s\n", t->slots[i].message);
	pthread_mutex_unlock(&t->lock);
	return out ? out : talloc_strdup(ctx, "");
}

/* The handles the kernel holds (open_handles.h). */
#include "open_handles.h"

#include <pthread.h>
#include <talloc.h>

struct open_handles {
	pthread_mutex_t lock;
	struct fs_handle *first;
};

static int open_handles_destructor(struct open_handles *hs)
{
	pthread_mutex_destroy(&hs->lock);
	return 0;
}

struct open_handles *open_handles_new(void *ctx)
{
	struct open_handles *hs = talloc_zero(ctx, struct open_handles);

	if (!hs)
		return NULL;
	pthread_mutex_init(&hs->lock, NULL);
	talloc_set_destructor(hs, open_handles_destructor);
	return hs;
}

void open_handles_add(struct open_handles *hs, struct fs_handle *h)
{
	if (!hs || !h)
		return;
	pthread_mutex_lock(&hs->lock);
	h->prev = NULL;
	h->next = hs->first;
	if (hs->first)
		hs->first->prev = h;
	hs->first = h;
	h->tracked = true;
	pthread_mutex_unlock(&hs->lock);
}

static void unlink_locked(struct open_handles *hs, struct fs_handle *h)
{
	if (h->prev)
		h->prev->next = h->next;
	else
		hs->first = h->next;
	if (h->next)
		h->next->prev = h->prev;
	h->prev = h->next = NULL;
	h->tracked = false;
}

void open_handles_remove(struct open_handles *hs, struct fs_handle *h)
{
	if (!hs || !h)
		return;
	pthread_mutex_lock(&hs->lock);
	if (h->tracked)
		unlink_locked(hs, h);
	pthread_mutex_unlock(&hs->lock);
}

struct fs_handle *open_handles_take(struct open_handles *hs)
{
	struct fs_handle *h;

	if (!hs)
		return NULL;
	pthread_mutex_lock(&hs->lock);
	h = hs->first;
	if (h)
		unlink_locked(hs, h);
	pthread_mutex_unlock(&hs->lock);
	return h;
}

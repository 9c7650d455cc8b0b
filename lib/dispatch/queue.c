/* Serial dispatch queues, one thread each (see dispatch/dispatch.h). */
#include <dispatch/dispatch.h>

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct work {
	struct work *next;
	dispatch_function_t fn;
	void *context;
	bool *done;		/* dispatch_sync_f: set when it has run */
};

struct dispatch_queue_s {
	pthread_mutex_t lock;
	pthread_cond_t cond;		/* work queued, or the last ref gone */
	pthread_cond_t done_cond;	/* dispatch_sync_f completions */
	struct work *head, *tail;
	unsigned refs;
	char *label;
};

static void queue_free(dispatch_queue_t q)
{
	pthread_mutex_destroy(&q->lock);
	pthread_cond_destroy(&q->cond);
	pthread_cond_destroy(&q->done_cond);
	free(q->label);
	free(q);
}

static void *queue_thread(void *data)
{
	dispatch_queue_t q = data;

	pthread_mutex_lock(&q->lock);
	for (;;) {
		struct work *w;

		while (!q->head && q->refs)
			pthread_cond_wait(&q->cond, &q->lock);
		if (!q->head)
			break;	/* released and drained */
		w = q->head;
		q->head = w->next;
		if (!q->head)
			q->tail = NULL;
		pthread_mutex_unlock(&q->lock);
		w->fn(w->context);
		pthread_mutex_lock(&q->lock);
		if (w->done) {
			*w->done = true;
			pthread_cond_broadcast(&q->done_cond);
		}
		free(w);
	}
	pthread_mutex_unlock(&q->lock);
	queue_free(q);
	return NULL;
}

dispatch_queue_t dispatch_queue_create(const char *label, dispatch_queue_attr_t attr)
{
	dispatch_queue_t q;
	pthread_t thread;

	if (attr != DISPATCH_QUEUE_SERIAL)
		return NULL;
	q = calloc(1, sizeof(*q));
	if (!q)
		return NULL;
	pthread_mutex_init(&q->lock, NULL);
	pthread_cond_init(&q->cond, NULL);
	pthread_cond_init(&q->done_cond, NULL);
	q->refs = 1;
	q->label = strdup(label ? label : "");
	if (!q->label || pthread_create(&thread, NULL, queue_thread, q) != 0) {
		queue_free(q);
		return NULL;
	}
	pthread_detach(thread);
	return q;
}

const char *dispatch_queue_get_label(dispatch_queue_t queue)
{
	return queue ? queue->label : "";
}

void dispatch_retain(dispatch_queue_t queue)
{
	pthread_mutex_lock(&queue->lock);
	queue->refs++;
	pthread_mutex_unlock(&queue->lock);
}

void dispatch_release(dispatch_queue_t queue)
{
	pthread_mutex_lock(&queue->lock);
	if (queue->refs == 0) {
		fprintf(stderr, "dispatch_release: over-release of queue %s\n", queue->label);
		abort();
	}
	if (--queue->refs == 0)
		pthread_cond_signal(&queue->cond);
	pthread_mutex_unlock(&queue->lock);
}

static void enqueue(dispatch_queue_t q, struct work *w)
{
	if (q->tail)
		q->tail->next = w;
	else
		q->head = w;
	q->tail = w;
	pthread_cond_signal(&q->cond);
}

void dispatch_async_f(dispatch_queue_t queue, void *context, dispatch_function_t work)
{
	struct work *w = calloc(1, sizeof(*w));

	if (!w) {
		fprintf(stderr, "dispatch_async_f: out of memory\n");
		abort();
	}
	w->fn = work;
	w->context = context;
	pthread_mutex_lock(&queue->lock);
	enqueue(queue, w);
	pthread_mutex_unlock(&queue->lock);
}

void dispatch_sync_f(dispatch_queue_t queue, void *context, dispatch_function_t work)
{
	struct work *w = calloc(1, sizeof(*w));
	bool done = false;

	if (!w) {
		fprintf(stderr, "dispatch_sync_f: out of memory\n");
		abort();
	}
	w->fn = work;
	w->context = context;
	w->done = &done;
	pthread_mutex_lock(&queue->lock);
	enqueue(queue, w);
	while (!done)
		pthread_cond_wait(&queue->done_cond, &queue->lock);
	pthread_mutex_unlock(&queue->lock);
}

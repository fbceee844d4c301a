/*
 * A bounded work queue drained by a fixed pool of worker tasks: the shape
 * of most servers. Producers block while the queue is full (backpressure:
 * the queue cannot grow without limit and eat all memory), workers block
 * while it is empty. Every change of depth goes out as telemetry.
 */
#include "sched.h"
#include "kernel.h"
#include "printf.h"
#include "string.h"
#include "x86.h"

static u32 next_queue_id = 1;

static void report_depth(struct workq *q)
{
    struct {
        u32 id, depth, cap;
        char name[4];
    } p = { q->id, q->count, q->cap, { 0 } };
    memcpy(p.name, q->name, sizeof(p.name));
    telemetry_emit(TEL_EV_QUEUE_DEPTH, 0, &p, sizeof(p));
}

void workq_init(struct workq *q, const char *name, u32 cap)
{
    memset(q, 0, sizeof(*q));
    strlcpy(q->name, name, sizeof(q->name));
    q->id = next_queue_id++;
    q->cap = cap < WORKQ_MAX ? cap : WORKQ_MAX;
}

void workq_push(struct workq *q, struct job j)
{
    u32 flags = irq_save();
    while (q->count == q->cap) {
        q->producer_waits++;
        waitq_wait(&q->not_full, TEL_WAIT_QUEUE);
    }
    q->jobs[(q->head + q->count) % q->cap] = j;
    q->count++;
    if (q->count > q->peak)
        q->peak = q->count;
    report_depth(q);
    waitq_wake_one(&q->not_empty);
    irq_restore(flags);
}

struct job workq_pop(struct workq *q)
{
    u32 flags = irq_save();
    while (q->count == 0)
        waitq_wait(&q->not_empty, TEL_WAIT_QUEUE);
    struct job j = q->jobs[q->head];
    q->head = (q->head + 1) % q->cap;
    q->count--;
    report_depth(q);
    waitq_wake_one(&q->not_full);
    irq_restore(flags);
    return j;
}

/* A worker runs jobs until it pops the empty job that means "stop". */
static void worker(void *arg)
{
    struct workq *q = arg;
    for (;;) {
        struct job j = workq_pop(q);
        if (!j.fn)
            return;
        j.fn(j.arg);
    }
}

void pool_start(struct workq *q, u32 n)
{
    char name[16];
    q->nworkers = 0;
    for (u32 i = 0; i < n && i < POOL_MAX; i++) {
        ksnprintf(name, sizeof(name), "%s-worker%u", q->name, i + 1);
        u32 id = task_create(name, worker, q);
        if (id)
            q->workers[q->nworkers++] = id;
    }
}

void pool_stop(struct workq *q)
{
    struct job stop = { NULL, NULL };
    for (u32 i = 0; i < q->nworkers; i++)
        workq_push(q, stop);
    for (u32 i = 0; i < q->nworkers; i++)
        task_join(q->workers[i]);
    q->nworkers = 0;
}

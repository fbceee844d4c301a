/*
 * demo pool: a producer pushes jobs into a bounded queue faster than three
 * workers drain them. The depth climbs to the queue's capacity, the producer
 * is made to wait (backpressure), and the depth falls back to zero as the
 * workers catch up. A semaphore counts the finished jobs.
 */
#include "sched.h"
#include "kernel.h"
#include "drivers.h"
#include "printf.h"
#include "shell.h"
#include "string.h"

/* Jobs arrive 3 every 10 ms; 3 workers of 30 ms jobs finish one per 10 ms
   at best: the queue fills. */
#define BURST 3
#define ARRIVAL_MS 10

static struct workq queue;
static struct semaphore done;
static u32 job_ms, job_count;

static void job(void *arg)
{
    (void)arg;
    task_sleep(job_ms);            /* a request waiting on a database, say */
    sem_up(&done);
}

static void producer(void *arg)
{
    (void)arg;
    struct job j = { job, NULL };
    for (u32 i = 0; i < job_count; i++) {
        workq_push(&queue, j);
        if (i % BURST == BURST - 1)
            task_sleep(ARRIVAL_MS);
    }
}

static void show_depth(u32 ms)
{
    char bar[WORKQ_MAX + 1];
    u32 n = queue.count;
    memset(bar, '#', n);
    bar[n] = 0;
    kprintf("  %4u ms  depth %2u/%u %s\n", ms, n, queue.cap, bar);
}

struct pool_result pool_run(u32 jobs, u32 workers, u32 cap, u32 ms, bool show)
{
    struct pool_result r = { jobs, 0, 0, 0, 0 };
    workq_init(&queue, "job", cap);
    sem_init(&done, 0);
    job_ms = ms;
    job_count = jobs;
    pool_start(&queue, workers);
    u64 start = timer_us();
    u32 finished = 0, last = ~0u;
    task_create("producer", producer, NULL);
    while (finished < jobs) {
        task_sleep(5);
        while (done.count) {       /* collect finished jobs without blocking */
            sem_down(&done);
            finished++;
        }
        if (show && queue.count != last)
            show_depth((u32)((timer_us() - start) / 1000));
        last = queue.count;
    }
    r.ms = (u32)((timer_us() - start) / 1000);
    pool_stop(&queue);
    r.peak = queue.peak;
    r.producer_waits = queue.producer_waits;
    r.final_depth = queue.count;
    return r;
}

DEMO(pool, "a bounded work queue filling up and draining through 3 workers");

static void demo_pool(int argc, char **argv)
{
    (void)argc, (void)argv;
    kprintf("pool: 24 jobs of 30 ms each into a queue of 8, drained by 3 worker tasks\n");
    struct pool_result r = pool_run(24, 3, 8, 30, true);
    kprintf("pool: %u jobs done in %u ms, peak depth %u/8, producer blocked %u times, "
            "depth now %u - a bounded queue with a fixed pool pushes back on producers "
            "instead of growing until memory runs out\n",
            r.jobs, r.ms, r.peak, r.producer_waits, r.final_depth);
}

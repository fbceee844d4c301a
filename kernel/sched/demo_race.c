/*
 * demo race: two tasks add 1 to a shared counter many times. Each addition
 * is read, compute, write; when the timer preempts a task between its read
 * and its write, the other task's additions meanwhile are overwritten:
 * lost updates. The same workers holding a mutex lose none.
 */
#include "sched.h"
#include "kernel.h"
#include "printf.h"
#include "drivers.h"
#include "shell.h"
#include "string.h"

/* Work between the read and the write: the race window. It calls out of
   line because v86 takes interrupts only where its JIT leaves compiled
   code (a call, say), never inside a tight loop. */
#define WIDEN 20

static volatile u32 counter;
static struct mutex counter_lock;
static u32 per_worker;
static bool use_lock;

static void add_one(void)
{
    u32 v = counter;
    for (volatile u32 i = 0; i < WIDEN; i++)
        (void)timer_ticks();       /* "compute the new value" */
    counter = v + 1;
}

static void worker(void *arg)
{
    (void)arg;
    for (u32 i = 0; i < per_worker; i++) {
        if (use_lock)
            mutex_lock(&counter_lock);
        add_one();
        if (use_lock)
            mutex_unlock(&counter_lock);
    }
}

/* Runs under round-robin: without preemption nothing interleaves. */
u32 race_run(u32 workers, u32 increments, bool locked)
{
    u32 ids[8], old_mode = sched_mode();
    if (workers > 8)
        workers = 8;
    mutex_init(&counter_lock, "counter");
    counter = 0;
    per_worker = increments;
    use_lock = locked;
    if (old_mode != TEL_SCHED_RR)
        sched_set_mode(TEL_SCHED_RR, 0);
    for (u32 i = 0; i < workers; i++)
        ids[i] = task_create(locked ? "locked-adder" : "adder", worker, NULL);
    for (u32 i = 0; i < workers; i++)
        task_join(ids[i]);
    if (old_mode != TEL_SCHED_RR)
        sched_set_mode(old_mode, 0);
    return counter;
}

DEMO(race, "a shared counter without a lock loses updates; a mutex fixes it");

static void demo_race(int argc, char **argv)
{
    u32 n = 100000, workers = 2;
    if (argc > 1 && !parse_u32(argv[1], &n))
        n = 100000;
    u32 want = workers * n;
    kprintf("race: %u workers add 1 to a shared counter %u times each (rr, slice %u ms)\n",
            workers, n, sched_slice_ms());
    u32 racy = race_run(workers, n, false);
    kprintf("  no lock:   counter = %u (%u lost)\n", racy, want - racy);
    u32 safe = race_run(workers, n, true);
    kprintf("  mutex:     counter = %u (%u lost)\n", safe, want - safe);
    kprintf("race: %u workers, %u increments each: counter = %u (%u lost) without a lock, "
            "%u with one - a shared counter without a lock is a lost-update bug, like two "
            "requests doing read-modify-write on one row\n", workers, n, racy, want - racy, safe);
}

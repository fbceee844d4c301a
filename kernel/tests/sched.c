/*
 * Scheduler tests: fairness under round-robin, starvation under coop, sleep
 * timing, kill, and the demos' experiments (race, deadlock, pool, stack
 * overflow, a faulting task). Emulators run timers unevenly, so every check
 * is a bound, not an exact value, and every test ends within seconds.
 */
#include "ktest.h"
#include "abi/errno.h"
#include "drivers.h"
#include "mm.h"
#include "printf.h"
#include "sched.h"

#define FAIR_TASKS 4

static volatile u32 fair_deadline;
static u32 fair_ticks[FAIR_TASKS];

static void busy_until_deadline(void *arg)
{
    struct task *me = task_self();
    while ((i32)(timer_ticks() - fair_deadline) < 0)
        ;                          /* timer_ticks() is a call: v86 can preempt here */
    fair_ticks[(u32)arg] = me->cpu_ticks;
}

/* N busy tasks under rr each get 1/N of the CPU, within +-50%. */
void test_sched_fair(void)
{
    u32 ids[FAIR_TASKS], total = 0, ms = ktest_param("ms", 1000);
    sched_set_mode(TEL_SCHED_RR, 10);
    fair_deadline = timer_ticks() + ms * TICK_HZ / 1000;
    for (u32 i = 0; i < FAIR_TASKS; i++)
        ids[i] = task_create("busy", busy_until_deadline, (void *)i);
    for (u32 i = 0; i < FAIR_TASKS; i++)
        task_join(ids[i]);
    for (u32 i = 0; i < FAIR_TASKS; i++)
        total += fair_ticks[i];
    for (u32 i = 0; i < FAIR_TASKS; i++) {
        u32 share = fair_ticks[i] * 1000 / (total ? total : 1);
        kprintf("fair: task %u got %u ticks, %u.%u%% of the CPU\n", ids[i], fair_ticks[i],
                share / 10, share % 10);
        if (share < 500 / FAIR_TASKS || share > 1500 / FAIR_TASKS)
            ktest_fail("a task's share is outside 1/N +-50%");
    }
    kprintf("fair: %u tasks within 1/%u +-50%% each\n", FAIR_TASKS, FAIR_TASKS);
}

/* A task that never yields starves a ticker under coop, but not under rr. */
void test_sched_starve(void)
{
    u32 coop = hog_experiment(TEL_SCHED_COOP, 300);
    u32 rr = hog_experiment(TEL_SCHED_RR, 300);
    kprintf("starve: ticker ran %u times under coop, %u under rr, during a 300 ms hog\n", coop, rr);
    if (coop > 0)
        ktest_fail("the ticker ran under coop while the hog never yielded");
    if (rr < 5)
        ktest_fail("the ticker was starved under rr");
    kprintf("starve: ok\n");
}

/* A sleep never ends early, and ends at most a tick + 5 ms + 10% late. */
#define TICK_MS (1000 / TICK_HZ)
void test_sched_sleep(void)
{
    static const u32 want[] = { 1, 10, 50, 200 };
    for (u32 i = 0; i < ARRAY_LEN(want); i++) {
        u64 us0 = timer_us();
        task_sleep(want[i]);
        u32 took = (u32)(timer_us() - us0);
        kprintf("sleep: asked %u ms, slept %u us\n", want[i], took);
        if (took < want[i] * 1000)
            ktest_fail("woke early");
        if (took > (want[i] + TICK_MS + 5 + want[i] / 10) * 1000)
            ktest_fail("woke more than a tick + 5 ms + 10% late");
    }
    kprintf("sleep: on time\n");
}

/* Without a lock, increments get lost under rr; with the mutex, none. */
void test_sched_race(void)
{
    u32 n = ktest_param("n", 100000);
    u32 racy = race_run(2, n, false);
    u32 safe = race_run(2, n, true);
    kprintf("race: no lock %u of %u (%u lost); mutex %u of %u\n", racy, 2 * n, 2 * n - racy,
            safe, 2 * n);
    if (racy >= 2 * n)
        ktest_fail("no update was lost without the lock");
    if (safe != 2 * n)
        ktest_fail("updates were lost with the mutex");
}

void test_sched_deadlock(void)
{
    struct deadlock_result r = deadlock_run();
    kprintf("deadlock: %u finished, %u refused\n", r.finished, r.refused);
    if (r.finished != 1 || r.refused != 1)
        ktest_fail("expected one task refused and the other finished");
}

void test_sched_pool(void)
{
    struct pool_result r = pool_run(24, 3, 8, 20, false);
    kprintf("pool: %u jobs in %u ms, peak depth %u, producer waits %u, final depth %u\n",
            r.jobs, r.ms, r.peak, r.producer_waits, r.final_depth);
    if (r.final_depth != 0)
        ktest_fail("the queue did not drain");
    if (r.peak < 2 || r.peak > 8)
        ktest_fail("the depth never rose, or passed the capacity");
}

static void spin(void *arg)
{
    (void)arg;
    for (;;)
        (void)timer_ticks();
}

static void nap(void *arg)
{
    (void)arg;
    for (;;)
        task_sleep(1000);
}

static struct mutex held;

static void hold_lock(void *arg)
{
    (void)arg;
    mutex_lock(&held);
    for (;;)
        task_sleep(1000);
}

static volatile bool waiter_got_it;

static void want_lock(void *arg)
{
    (void)arg;
    mutex_lock(&held);
    waiter_got_it = true;
    mutex_unlock(&held);
}

static void kill_one(u32 id, const char *what)
{
    if (task_kill(id) < 0 || task_find(id))
        ktest_fail(what);
    kprintf("kill: killed task %u (%s)\n", id, what);
}

/* Kill a running, a sleeping and a lock-holding task; all is given back. */
void test_sched_kill(void)
{
    u32 free0 = frames_free();
    mutex_init(&held, "held");
    u32 a = task_create("spin", spin, NULL);
    u32 b = task_create("nap", nap, NULL);
    u32 c = task_create("holder", hold_lock, NULL);
    task_sleep(30);
    u32 d = task_create("waiter", want_lock, NULL);
    task_sleep(30);
    kill_one(a, "a busy task");
    kill_one(b, "a sleeping task");
    kill_one(c, "a task holding a lock");
    task_join(d);
    if (!waiter_got_it)
        ktest_fail("the lock of the killed task was not released");
    kprintf("kill: the waiter got the dead holder's lock\n");
    if (task_kill(a) != -ESRCH || task_kill(IDLE_TASK) != -ESRCH)
        ktest_fail("killing a dead task or the idle task did not fail");
    if (frames_free() != free0)
        ktest_fail("frames were not given back");
    kprintf("kill: frames free %u before, %u after\n", free0, frames_free());
}

void test_stack_overflow(void)
{
    u32 steady = overflow_run();
    kprintf("overflow: the steady task ran %u rounds\n", steady);
    if (steady == 0)
        ktest_fail("the steady task did not run");
}

static void divide_by_zero(void *arg)
{
    volatile u32 zero = (u32)arg;
    fair_ticks[0] = 100 / zero;
}

void test_task_fault(void)
{
    u32 id = task_create("crash", divide_by_zero, NULL);
    task_join(id);
    kprintf("fault: task %u is gone, the kernel runs on\n", id);
}

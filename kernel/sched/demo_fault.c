/*
 * demo overflow and demo crash: a task that recurses without end, and one
 * that divides by zero. Each dies alone with a report naming it, while
 * another task carries on: one bad request must not take the server down.
 */
#include "sched.h"
#include "kernel.h"
#include "printf.h"
#include "shell.h"

static volatile u32 steady_count;
static volatile bool steady_stop;

/* 256 bytes of frame per call: a 16 KiB stack lasts about 60 calls. */
static volatile u32 depth_limit = ~0u;       /* never reached */

static u32 deep(u32 n)
{
    volatile u8 frame[256];
    frame[0] = (u8)n;
    if (n == depth_limit)
        return 0;
    return deep(n + 1) + frame[0];
}

static void deep_task(void *arg)
{
    (void)arg;
    deep(0);
}

static void steady(void *arg)
{
    (void)arg;
    while (!steady_stop) {
        steady_count++;
        task_sleep(1);
    }
}

static void crash(void *arg)
{
    volatile u32 zero = (u32)arg;
    kprintf("  crash: dividing by zero\n");
    steady_count = 100 / zero;
}

/* Runs `fn` next to a steady task; returns how often the steady one ran. */
static u32 run_beside(const char *name, void (*fn)(void *))
{
    steady_count = 0;
    steady_stop = false;
    u32 s = task_create("steady", steady, NULL);
    u32 t = task_create(name, fn, NULL);
    task_join(t);
    task_sleep(50);
    steady_stop = true;
    task_join(s);
    return steady_count;
}

u32 overflow_run(void)
{
    return run_beside("deep", deep_task);
}

DEMO(overflow, "a task recurses until its stack runs out; only it dies");

static void demo_overflow(int argc, char **argv)
{
    (void)argc, (void)argv;
    u32 n = overflow_run();
    kprintf("overflow: 'deep' died alone; 'steady' kept running (%u rounds) - unbounded "
            "recursion kills one request, not the server, when every stack has a limit\n", n);
}

DEMO(crash, "a task divides by zero; only it dies");

static void demo_crash(int argc, char **argv)
{
    (void)argc, (void)argv;
    u32 n = run_beside("crash", crash);
    kprintf("crash: 'crash' was killed; 'steady' kept running (%u rounds) - a fault in one "
            "handler is that handler's error, not a reason to stop serving\n", n);
}

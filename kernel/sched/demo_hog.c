/*
 * demo hog: a task that never yields, and what it does to a task that wants
 * to run every 10 ms, under each scheduler. Cooperative scheduling trusts
 * every task to give the CPU back; one that doesn't starves all the others.
 */
#include "sched.h"
#include "kernel.h"
#include "drivers.h"
#include "printf.h"
#include "shell.h"

static volatile bool hog_running, ticker_stop;
static volatile u32 ticker_runs;

static void ticker(void *arg)
{
    (void)arg;
    while (!ticker_stop) {
        task_sleep(10);
        if (hog_running)
            ticker_runs++;
    }
}

static void hog(void *arg)
{
    u32 ms = (u32)arg;
    u32 start = timer_ticks();
    hog_running = true;
    while (timer_ticks() - start < ms * TICK_HZ / 1000)
        ;                          /* busy: never yields, never sleeps */
    hog_running = false;
}

u32 hog_experiment(u32 mode, u32 hog_ms)
{
    u32 old_mode = sched_mode(), old_slice = sched_slice_ms();
    sched_set_mode(mode, 0);
    ticker_stop = false;
    ticker_runs = 0;
    u32 t = task_create("ticker", ticker, NULL);
    task_sleep(5);                 /* let the ticker start its first sleep */
    u32 h = task_create("hog", hog, (void *)hog_ms);
    task_join(h);
    u32 runs = ticker_runs;
    ticker_stop = true;
    task_join(t);
    sched_set_mode(old_mode, old_slice);
    return runs;
}

DEMO(hog, "a task that never yields, under coop and under rr");

static void demo_hog(int argc, char **argv)
{
    (void)argc, (void)argv;
    const u32 ms = 500;
    kprintf("hog: 'hog' spins %u ms without yielding; 'ticker' wants to run every 10 ms\n", ms);
    u32 coop = hog_experiment(TEL_SCHED_COOP, ms);
    kprintf("  coop: ticker ran %u times while the hog spun%s\n", coop, coop ? "" : " (starved)");
    u32 rr = hog_experiment(TEL_SCHED_RR, ms);
    kprintf("  rr (slice %u ms): ticker ran %u times while the hog spun\n", sched_slice_ms(), rr);
    kprintf("hog: coop %u runs vs rr %u runs - one handler that never yields stalls every "
            "other request, like a blocking call in an event loop; preemption keeps them alive\n",
            coop, rr);
}

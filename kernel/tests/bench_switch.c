/*
 * Context-switch benchmark: two tasks hand the CPU to each other with
 * task_yield under the cooperative scheduler, so every yield is one switch
 * (with its telemetry). And a call-heavy loop to weigh the stack check.
 */
#include "ktest.h"
#include "drivers.h"
#include "printf.h"
#include "sched.h"

static u32 rounds;

static void ping(void *arg)
{
    (void)arg;
    for (u32 i = 0; i < rounds; i++)
        task_yield();
}

void test_bench_switch(void)
{
    rounds = ktest_param("rounds", 100000);
    sched_set_mode(TEL_SCHED_COOP, 0);
    u32 a = task_create("ping", ping, NULL);
    u32 b = task_create("pong", ping, NULL);
    u32 before = sched_switches();
    u64 start = timer_us();
    task_join(a);
    task_join(b);
    u32 took = (u32)(timer_us() - start);
    u32 switches = sched_switches() - before;
    kprintf("bench-switch: %u switches in %u us (%u per second)\n", switches, took,
            (u32)((u64)switches * 1000000 / (took ? took : 1)));
}

static u32 __attribute__((noinline)) fib(u32 n)
{
    return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

/* fib(n) makes 2 * fib(n + 1) - 1 calls. */
static u32 calls_of_fib(u32 n)
{
    u32 a = 0, b = 1;
    for (u32 i = 0; i < n + 1; i++) {
        u32 t = a + b;
        a = b;
        b = t;
    }
    return 2 * a - 1;
}

void test_bench_calls(void)
{
    u32 n = ktest_param("n", 27);
    u64 start = timer_us();
    u32 r = fib(n);
    u32 took = (u32)(timer_us() - start);
    kprintf("bench-calls: fib(%u) = %u: %u calls in %u us\n", n, r, calls_of_fib(n), took);
}

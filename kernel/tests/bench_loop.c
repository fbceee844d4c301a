/*
 * A fixed guest workload for the guest-speed benchmark: a loop of integer
 * work, timed by the guest's own clock. Same instructions in every engine.
 */
#include "ktest.h"
#include "drivers.h"
#include "printf.h"

void test_bench_loop(void)
{
    u32 iterations = ktest_param("iterations", 50000000);
    volatile u32 sink = 0;
    u32 x = 12345;
    u64 start = timer_us();
    for (u32 i = 0; i < iterations; i++) {
        x = x * 1103515245u + 12345u;
        x ^= x >> 7;
    }
    sink = x;
    u32 took = (u32)(timer_us() - start);
    kprintf("bench-loop: %u iterations in %u us (checksum %x)\n", iterations, took, sink);
}

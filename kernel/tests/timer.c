/* The timer interrupt fires and time moves forward at the right pace. */
#include "ktest.h"
#include "drivers.h"
#include "printf.h"

void test_timer(void)
{
    u32 t0 = timer_ticks();
    u64 us0 = timer_us();
    timer_sleep_busy(100);
    u32 t1 = timer_ticks();
    u64 us1 = timer_us();
    u32 dt = (u32)(us1 - us0);
    kprintf("timer: ticks %u -> %u, %u us elapsed, irq0 seen %u times\n", t0, t1, dt, irq_count(0));
    if (t1 - t0 < 100 * TICK_HZ / 1000)
        ktest_fail("fewer ticks than the sleep asked for");
    /* Emulators are noisy: only demand the clock roughly agrees with the ticks. */
    if (dt < 90000 || dt > 5000000)
        ktest_fail("the clock disagrees with the timer ticks");
    if (timer_us() < us1)
        ktest_fail("time went backwards");
    kprintf("timer: ok\n");
}

/*
 * Telemetry: emit a burst of TEL_EV_TEST events and a long log line, then
 * wait for the host to drain the ring, so the host side can check that every
 * event arrived in order. burst=N sets the count, rate=N events per second
 * (0: as fast as possible).
 */
#include "ktest.h"
#include "drivers.h"
#include "printf.h"
#include "x86.h"

void test_telemetry(void)
{
    u32 burst = ktest_param("burst", 1000);
    u32 rate = ktest_param("rate", 0);
    u32 dropped0 = telemetry_dropped();

    klog(TEL_LOG_INFO, "telemetry test: a log line long enough to need several events");
    u64 start = timer_us();
    for (u32 seq = 0; seq < burst; seq++) {
        if (rate) {                         /* pace: never get ahead of the schedule */
            while ((timer_us() - start) * rate < (u64)seq * 1000000)
                sti_hlt();
        }
        u32 payload[4] = { seq, burst, 0, 0 };
        telemetry_emit(TEL_EV_TEST, 0, payload, sizeof(payload));
    }
    u32 took = (u32)(timer_us() - start);
    kprintf("telemetry: emitted %u events in %u us, dropped %u\n",
            burst, took, telemetry_dropped() - dropped0);

    /* Give the host up to 3 s to read everything before we power off. */
    u32 t0 = timer_ticks();
    while (!telemetry_drained() && timer_ticks() - t0 < 3 * TICK_HZ)
        sti_hlt();
    kprintf("telemetry: host %s the ring\n", telemetry_drained() ? "drained" : "did not drain");
}

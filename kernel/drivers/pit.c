/*
 * The 8254 Programmable Interval Timer raises IRQ 0 TICK_HZ times a second;
 * each tick is the kernel's heartbeat. For finer time we read the CPU's time
 * stamp counter (TSC), after measuring how many TSC cycles fit in a tick.
 */
#include "drivers.h"
#include "kernel.h"
#include "sched.h"
#include "trap.h"
#include "x86.h"

#define PIT_HZ 1193182
#define PIT_CH0 0x40
#define PIT_CMD 0x43

static volatile u32 ticks;
static u64 tsc_boot;               /* TSC when the kernel started */
static u32 tsc_per_us;             /* 0 until timer_calibrate() ran */

static void tick(struct trapframe *tf)
{
    (void)tf;
    ticks++;
    telemetry_tick(ticks);
    sched_tick();
}

void timer_mark_boot(void)
{
    tsc_boot = rdtsc();
}

void pit_init(void)
{
    u32 divisor = PIT_HZ / TICK_HZ;
    outb(PIT_CMD, 0x34);           /* channel 0, lo/hi byte, mode 2 (rate) */
    outb(PIT_CH0, divisor & 0xFF);
    outb(PIT_CH0, divisor >> 8);
    irq_register(0, tick);
    pic_unmask(0);
}

u32 timer_ticks(void)
{
    return ticks;
}

/* Count TSC cycles across a whole number of ticks. Needs interrupts on. */
void timer_calibrate(void)
{
    const u32 span = 10;
    u32 t = ticks;
    while (ticks == t)
        sti_hlt();
    u64 start = rdtsc();
    t = ticks;
    while (ticks - t < span)
        sti_hlt();
    u64 cycles = rdtsc() - start;
    u32 per_us = (u32)(cycles / (span * (1000000 / TICK_HZ)));
    tsc_per_us = per_us ? per_us : 1;
}

u32 timer_tsc_per_us(void)
{
    return tsc_per_us;
}

/* Convert a TSC reading to microseconds since boot (0 before calibration). */
u64 tsc_to_us(u64 tsc)
{
    if (!tsc_per_us || tsc < tsc_boot)
        return 0;
    return (tsc - tsc_boot) / tsc_per_us;
}

u64 timer_us(void)
{
    if (!tsc_per_us)
        return (u64)ticks * (1000000 / TICK_HZ);
    return tsc_to_us(rdtsc());
}

/* Wait with interrupts on; the CPU sleeps between ticks. */
void timer_sleep_busy(u32 ms)
{
    u32 start = ticks;
    u32 want = ms * TICK_HZ / 1000;
    while (ticks - start < want)
        sti_hlt();
}

/*
 * The 8254 Programmable Interval Timer raises IRQ 0 TICK_HZ times a second;
 * each tick is the kernel's heartbeat and its clock. Between two ticks the
 * CPU's time stamp counter (TSC) fills in the microseconds, never more than
 * one tick's worth: in an emulator the TSC may run fast or stall (v86 counts
 * instructions, not time), but the timer interrupts follow the host's clock.
 */
#include "drivers.h"
#include "kernel.h"
#include "sched.h"
#include "trap.h"
#include "x86.h"

#define PIT_HZ 1193182
#define PIT_CH0 0x40
#define PIT_CMD 0x43

#define US_PER_TICK (1000000 / TICK_HZ)

static volatile u32 ticks;
static volatile u64 tick_tsc;      /* TSC at the last tick */
static u64 tsc_boot;               /* TSC when the kernel started */
static u64 pit_start_tsc;          /* TSC when the PIT started ticking */
static u64 base_us;                /* time from kernel entry to the first tick */
static u64 last_us;                /* the clock never goes backwards */
static u32 tsc_per_us;             /* 0 until timer_calibrate() ran */

static void tick(struct trapframe *tf)
{
    (void)tf;
    ticks++;
    tick_tsc = rdtsc();
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
    pit_start_tsc = rdtsc();
    pic_unmask(0);
}

u32 timer_ticks(void)
{
    return ticks;
}

/* Count TSC cycles over one whole tick while the CPU is busy (the rate
   that matters for filling in between ticks). Needs interrupts on. The
   loop reads an I/O port so that v86 leaves its compiled code and can
   deliver the interrupt. */
void timer_calibrate(void)
{
    u32 t = ticks;
    while (ticks == t)
        inb(0x61);
    u64 start = rdtsc();
    t = ticks;
    while (ticks == t)
        inb(0x61);
    u32 per_us = (u32)((rdtsc() - start) / US_PER_TICK);
    tsc_per_us = per_us ? per_us : 1;
    base_us = tsc_to_us(pit_start_tsc);
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
    u32 flags = irq_save();
    u64 us = base_us + (u64)ticks * US_PER_TICK;
    if (tsc_per_us) {
        u64 between = (rdtsc() - tick_tsc) / tsc_per_us;
        us += between < US_PER_TICK ? between : US_PER_TICK - 1;
    }
    if (us < last_us)
        us = last_us;
    last_us = us;
    irq_restore(flags);
    return us;
}

/* Wait with interrupts on; the CPU sleeps between ticks. */
void timer_sleep_busy(u32 ms)
{
    u32 start = ticks;
    u32 want = ms * TICK_HZ / 1000;
    while (ticks - start < want)
        sti_hlt();
}

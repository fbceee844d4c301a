/*
 * Sleeping: a task asks to be woken after some milliseconds and gives up the
 * CPU meanwhile. The timer interrupt checks the sleepers on every tick. A
 * sleep never ends early, but may end late: the woken task still waits its
 * turn in the run queue (the same reason a server's timeouts fire late
 * under load).
 */
#include "sched.h"
#include "kernel.h"
#include "drivers.h"
#include "x86.h"

void task_sleep(u32 ms)
{
    u32 ticks = ms * TICK_HZ / 1000;
    u32 flags = irq_save();
    /* +1: the current tick is already partly over. */
    current_task->wake_tick = timer_ticks() + ticks + 1;
    current_task->state = TASK_SLEEPING;
    sched_block(TEL_WAIT_SLEEP);
    irq_restore(flags);
}

void sleep_tick(u32 now)
{
    for (u32 i = 1; i < MAX_TASKS; i++) {
        struct task *t = task_slot(i);
        if (t->state == TASK_SLEEPING && (i32)(now - t->wake_tick) >= 0)
            sched_make_ready(t);
    }
}

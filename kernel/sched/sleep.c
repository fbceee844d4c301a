/*
 * Sleeping: a task asks to be woken after some milliseconds and gives up the
 * CPU meanwhile. The timer interrupt checks the sleepers on every tick and
 * wakes those whose time has come, so a sleep never ends early but may end
 * up to a tick late, and later still when the woken task waits its turn in
 * the run queue (the same reason a server's timeouts fire late under load).
 */
#include "sched.h"
#include "kernel.h"
#include "drivers.h"
#include "x86.h"

void task_sleep(u32 ms)
{
    u32 flags = irq_save();
    current_task->wake_us = timer_us() + (u64)ms * 1000;
    current_task->state = TASK_SLEEPING;
    sched_block(TEL_WAIT_SLEEP);
    irq_restore(flags);
}

void sleep_tick(void)
{
    u64 now = timer_us();
    for (u32 i = 1; i < MAX_TASKS; i++) {
        struct task *t = task_slot(i);
        if (t->state == TASK_SLEEPING && now >= t->wake_us)
            sched_make_ready(t);
    }
}

/*
 * The scheduler: who runs next. Ready tasks wait in one FIFO run queue.
 * Under the cooperative scheduler a task keeps the CPU until it yields,
 * blocks or sleeps, like one event loop; under round-robin the timer also
 * takes the CPU away when the task's time slice is used up, like an OS
 * thread scheduler. With nothing ready, the idle task (the boot context)
 * halts the CPU until the next interrupt.
 */
#include "sched.h"
#include "syscall.h"
#include "kernel.h"
#include "drivers.h"
#include "printf.h"
#include "x86.h"

#define DEFAULT_SLICE_MS 10

static struct task *runq_head, *runq_tail;
static u32 runq_len;
static u32 mode = TEL_SCHED_RR;
static u32 slice_ticks = DEFAULT_SLICE_MS * TICK_HZ / 1000;
static bool need_resched;
static struct task *dead;
static u32 switches;               /* since boot */          /* exited; its stack is freed after the switch */

void swtch(u32 *save, u32 load);

void report_state(struct task *t)
{
    u32 reason = t->wait_reason;
    u16 state = t->state == TASK_RUNNING ? TEL_TASK_RUNNING
              : t->state == TASK_READY ? TEL_TASK_READY
              : t->state == TASK_BLOCKED ? TEL_TASK_BLOCKED
              : t->state == TASK_SLEEPING ? TEL_TASK_SLEEPING : TEL_TASK_EXITED;
    telemetry_emit_task(TEL_EV_TASK_STATE, state, t->id, &reason, sizeof(reason));
}

void sched_make_ready(struct task *t)
{
    t->state = TASK_READY;
    t->wait_reason = TEL_WAIT_NONE;
    report_state(t);
    if (t->id == IDLE_TASK)        /* idle runs only when the queue is empty */
        return;
    t->next = NULL;
    if (runq_tail)
        runq_tail->next = t;
    else
        runq_head = t;
    runq_tail = t;
    runq_len++;
}

static struct task *runq_pop(void)
{
    struct task *t = runq_head;
    if (!t)
        return NULL;
    runq_head = t->next;
    if (!runq_head)
        runq_tail = NULL;
    runq_len--;
    return t;
}

void sched_unready(struct task *t)
{
    struct task **p = &runq_head, *prev = NULL;
    while (*p && *p != t) {
        prev = *p;
        p = &(*p)->next;
    }
    if (!*p)
        return;
    *p = t->next;
    if (runq_tail == t)
        runq_tail = prev;
    runq_len--;
}

void sched_reap(void)
{
    if (dead) {
        task_free(dead);
        dead = NULL;
    }
}

void sched_switch_to(struct task *next)
{
    struct task *prev = current_task;
    if (prev->state == TASK_RUNNING)   /* only idle gets here still running */
        prev->state = TASK_READY;
    next->state = TASK_RUNNING;
    next->slice_left = slice_ticks;
    need_resched = false;
    if (next == prev)
        return;
    next->switches++;
    switches++;
    current_task = next;
    u32 payload[2] = { prev->id, runq_len };
    telemetry_emit_task(TEL_EV_TASK_SWITCH, 0, next->id, payload, sizeof(payload));
    report_state(next);
    user_enter_context(next);          /* its page directory and kernel stack (TSS) */
    swtch(&prev->esp, next->esp);
    sched_reap();                      /* we are back: free whoever just died */
}

void sched_next(void)
{
    struct task *next = runq_pop();
    if (current_task->state == TASK_EXITED)
        dead = current_task;
    sched_switch_to(next ? next : task_slot(IDLE_TASK));
}

void sched_block(u32 reason)
{
    current_task->wait_reason = reason;
    report_state(current_task);
    sched_next();
}

void task_yield(void)
{
    u32 flags = irq_save();
    if (runq_head) {
        sched_make_ready(current_task);
        sched_next();
    }
    irq_restore(flags);
}

/* Every timer tick, in the interrupt: charge the CPU time, wake sleepers,
   and under round-robin end the time slice of a task that used it up. */
void sched_tick(void)
{
    struct task *t = current_task;
    t->cpu_ticks++;
    sleep_tick();
    if (mode == TEL_SCHED_RR && t->slice_left)
        t->slice_left--;
    if (runq_head && (t->id == IDLE_TASK || (mode == TEL_SCHED_RR && !t->slice_left)))
        need_resched = true;
}

/* The end of every interrupt: if the tick said so, preempt the task it
   interrupted. Its registers are saved in the trap frame on its own stack;
   when it is picked again, the interrupt returns as if nothing happened. */
void sched_irq_exit(void)
{
    if (!need_resched)
        return;
    if (current_task->id != IDLE_TASK)
        sched_make_ready(current_task);
    sched_next();
}

void sched_start_idle(void)
{
    for (;;) {
        cli();
        if (runq_head)
            sched_next();
        sti_hlt();                     /* sti takes effect after hlt starts: no lost wake-up */
    }
}

void sched_set_mode(u32 m, u32 slice_ms)
{
    u32 flags = irq_save();
    mode = m;
    if (slice_ms)
        slice_ticks = slice_ms * TICK_HZ / 1000 ? slice_ms * TICK_HZ / 1000 : 1;
    current_task->slice_left = slice_ticks;
    irq_restore(flags);
    telemetry_emit(TEL_EV_SCHED_MODE, (u16)m, &slice_ticks, sizeof(slice_ticks));
    klog(TEL_LOG_INFO, "sched: %s, slice %u ms", sched_mode_name(m), sched_slice_ms());
}

u32 sched_mode(void)
{
    return mode;
}

u32 sched_slice_ms(void)
{
    return slice_ticks * 1000 / TICK_HZ;
}

u32 sched_switches(void)
{
    return switches;
}

u32 sched_runq_depth(void)
{
    return runq_len;
}

const char *sched_mode_name(u32 m)
{
    return m == TEL_SCHED_COOP ? "coop" : "rr";
}

void sched_init(void)
{
    char name[16] = "idle";
    telemetry_emit_task(TEL_EV_TASK_NEW, 0, IDLE_TASK, name, sizeof(name));
    telemetry_emit(TEL_EV_SCHED_MODE, (u16)mode, &slice_ticks, sizeof(slice_ticks));
}

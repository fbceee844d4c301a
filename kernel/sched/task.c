/*
 * The task table. A task is a function running on its own stack (from
 * stack_create, with an unmapped guard page below it), with a name, a state
 * and a few counters. For a backend developer a task is a request handler:
 * it starts, runs, may block, and ends; when it ends or is killed, all it
 * held (stack, heap, locks) is given back, or the server slowly leaks.
 */
#include "sched.h"
#include "abi/errno.h"
#include "kernel.h"
#include "mm.h"
#include "printf.h"
#include "string.h"
#include "syscall.h"
#include "x86.h"

/* Room the prologue check keeps free below the limit: the largest stack
   frame, a chain of unchecked calls (printf's 512-byte buffer) and an
   interrupt's trap frame must still fit above the guard page. */
#define STACK_MARGIN 2048

static struct task tasks[MAX_TASKS] = {
    [0] = { .id = IDLE_TASK, .name = "idle", .state = TASK_RUNNING },
};
struct task *current_task = &tasks[0];
static u32 next_id = 1;
static struct waitq exits;          /* everyone waiting in task_join */

void swtch(u32 *save, u32 load);

struct task *task_self(void)
{
    return current_task;
}

struct task *task_slot(u32 i)
{
    return i < MAX_TASKS ? &tasks[i] : NULL;
}

struct task *task_find(u32 id)
{
    for (u32 i = 0; i < MAX_TASKS; i++)
        if (tasks[i].id == id && tasks[i].state != TASK_UNUSED && tasks[i].state != TASK_EXITED)
            return &tasks[i];
    return NULL;
}

u32 task_current_id(void)
{
    return current_task->id;
}

const char *task_name(u32 id)
{
    for (u32 i = 0; i < MAX_TASKS; i++)
        if (tasks[i].id == id && tasks[i].state != TASK_UNUSED)
            return tasks[i].name;
    return "?";
}

const char *task_state_name(enum task_state s)
{
    static const char *names[] = { "unused", "running", "ready", "blocked", "sleeping", "exited" };
    return names[s];
}

u32 task_stack_used(struct task *t)
{
    if (!t->stack_top)
        return 0;
    u32 esp = t == current_task ? (u32)__builtin_frame_address(0) : t->esp;
    return t->stack_top - esp;
}

/* A new task's first switch "returns" here, on its fresh stack. */
static void task_entry(void)
{
    sched_reap();
    sti();
    current_task->fn(current_task->arg);
    task_exit(0);
}

static struct task *free_slot(void)
{
    for (u32 i = 1; i < MAX_TASKS; i++)
        if (tasks[i].state == TASK_UNUSED)
            return &tasks[i];
    return NULL;
}

/* The stack swtch expects: saved edi, esi, ebx, ebp, then the return
   address (task_entry), then task_entry's own (never used) return address. */
static void build_stack(struct task *t)
{
    u32 *sp = (u32 *)t->stack_top;
    *--sp = 0;
    *--sp = (u32)task_entry;
    for (int i = 0; i < 4; i++)
        *--sp = 0;                  /* ebp = 0 also ends every backtrace */
    t->esp = (u32)sp;
}

u32 task_create(const char *name, void (*fn)(void *), void *arg)
{
    u32 flags = irq_save();
    struct task *t = free_slot();
    u32 guard, top = 0;
    if (t)
        top = stack_create(next_id, TASK_STACK_PAGES, &guard);
    if (!top) {
        irq_restore(flags);
        return 0;
    }
    memset(t, 0, sizeof(*t));
    t->id = next_id++;
    strlcpy(t->name, name, sizeof(t->name));
    t->guard = guard;
    t->stack_top = top;
    t->stack_limit = guard + PAGE_SIZE + STACK_MARGIN;
    t->fn = fn;
    t->arg = arg;
    build_stack(t);
    telemetry_emit_task(TEL_EV_TASK_NEW, 0, t->id, t->name, sizeof(t->name));
    sched_make_ready(t);
    irq_restore(flags);
    return t->id;
}

/* Give back what a finished task held. Interrupts are off. */
static void finish(struct task *t, u32 how, u32 code)
{
    mutex_release_all(t);
    mm_task_exit(t->id);
    user_task_exited(t, code);
    u32 payload[2] = { code, t->cpu_ticks };
    telemetry_emit_task(TEL_EV_TASK_EXIT, (u16)how, t->id, payload, sizeof(payload));
    t->state = TASK_EXITED;
    waitq_wake_all(&exits);
}

/* Called once no task runs on t's stack any more. */
void task_free(struct task *t)
{
    user_task_free(t);                  /* its address space, if it had one */
    stack_destroy(t->guard, TASK_STACK_PAGES);
    t->state = TASK_UNUSED;
}

void task_die(u32 how, u32 code)
{
    cli();
    if (current_task->id == IDLE_TASK)
        panic("the idle task tried to exit");
    finish(current_task, how, code);
    sched_next();                   /* never comes back: the stack is freed */
    panic("an exited task ran again");
}

void task_exit(u32 code)
{
    task_die(TEL_EXIT_NORMAL, code);
}

int task_kill(u32 id)
{
    u32 flags = irq_save();
    struct task *t = task_find(id);
    if (!t || id == IDLE_TASK) {
        irq_restore(flags);
        return -ESRCH;
    }
    klog(TEL_LOG_WARN, "task %u '%s' killed by task %u", id, t->name, current_task->id);
    if (t == current_task)
        task_die(TEL_EXIT_KILLED, EXIT_CODE_KILLED);
    if (t->state == TASK_READY)
        sched_unready(t);
    if (t->state == TASK_BLOCKED)
        waitq_remove(t->waiting_on, t);
    finish(t, TEL_EXIT_KILLED, EXIT_CODE_KILLED);
    task_free(t);
    irq_restore(flags);
    return 0;
}

void task_join(u32 id)
{
    u32 flags = irq_save();
    while (task_find(id))
        waitq_wait(&exits, TEL_WAIT_TASK);
    irq_restore(flags);
}

u32 task_count(void)
{
    u32 n = 0;
    for (u32 i = 0; i < MAX_TASKS; i++)
        if (tasks[i].state != TASK_UNUSED && tasks[i].state != TASK_EXITED)
            n++;
    return n;
}

/* Tell the host about every task again (after it restored a saved machine). */
void task_report_all(void)
{
    for (u32 i = 0; i < MAX_TASKS; i++) {
        struct task *t = &tasks[i];
        if (t->state == TASK_UNUSED || t->state == TASK_EXITED)
            continue;
        telemetry_emit_task(TEL_EV_TASK_NEW, 0, t->id, t->name, sizeof(t->name));
        report_state(t);
    }
}

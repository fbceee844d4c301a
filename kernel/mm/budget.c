/*
 * Memory budgets: each task may be given a limit on the heap it holds. An
 * allocation over the limit is refused (kmalloc returns NULL, the task sees
 * "out of memory" and can handle it) and is counted and logged; the kernel
 * and every other task go on. This is a container's memory limit, or a
 * per-request memory cap in a server, in a few lines.
 */
#include "mm.h"
#include "kernel.h"
#include "task.h"
#include "x86.h"

#define MAX_ACCOUNTS 64

struct account {
    u32 task;
    u32 held, allocs, budget, refused;
    bool used;
};

static struct account accounts[MAX_ACCOUNTS];

static struct account *account_of(u32 task, bool create)
{
    struct account *empty = NULL;
    for (u32 i = 0; i < MAX_ACCOUNTS; i++) {
        if (accounts[i].used && accounts[i].task == task)
            return &accounts[i];
        if (!accounts[i].used && !empty)
            empty = &accounts[i];
    }
    if (!create || !empty)
        return NULL;
    *empty = (struct account){ .task = task, .used = true };
    return empty;
}

/* Take (or give back) `bytes` for `task`; false when over its budget.
   Interrupts are off: a task preempted half-way through must not lose
   another task's account. */
static u32 charge(u32 task, u32 bytes, bool take);

u32 mm_charge(u32 task, u32 bytes, bool take)
{
    u32 flags = irq_save();
    u32 ok = charge(task, bytes, take);
    irq_restore(flags);
    return ok;
}

static u32 charge(u32 task, u32 bytes, bool take)
{
    struct account *a = account_of(task, take);
    if (!a)
        return take ? 1 : 0;                   /* table full: unaccounted, never refused */
    if (!take) {
        a->held -= bytes < a->held ? bytes : a->held;
        a->allocs -= a->allocs ? 1 : 0;
        return 1;
    }
    if (a->budget && a->held + bytes > a->budget) {
        a->refused++;
        u32 payload[3] = { bytes, a->held, a->budget };
        telemetry_emit_task(TEL_EV_BUDGET_REFUSED, 0, task, payload, sizeof(payload));
        klog(TEL_LOG_WARN, "budget: task %u '%s' refused %u bytes (holds %u of %u)",
             task, task_name(task), bytes, a->held, a->budget);
        return 0;
    }
    a->held += bytes;
    a->allocs++;
    return 1;
}

void mm_set_budget(u32 task, u32 bytes)
{
    u32 flags = irq_save();
    struct account *a = account_of(task, true);
    if (a)
        a->budget = bytes;
    irq_restore(flags);
}

u32 mm_budget(u32 task)
{
    struct account *a = account_of(task, false);
    return a ? a->budget : 0;
}

u32 mm_task_heap(u32 task)
{
    struct account *a = account_of(task, false);
    return a ? a->held : 0;
}

u32 mm_task_allocs(u32 task)
{
    struct account *a = account_of(task, false);
    return a ? a->allocs : 0;
}

u32 mm_task_refused(u32 task)
{
    struct account *a = account_of(task, false);
    return a ? a->refused : 0;
}

u32 heap_reclaim(u32 task, u32 *bytes);

/* A task ended: whatever heap it still holds is a leak. Report it, then
   take it back, so one leaky task cannot slowly starve the rest. */
u32 mm_task_exit(u32 task)
{
    u32 bytes;
    u32 count = heap_reclaim(task, &bytes);
    if (count) {
        u32 payload[2] = { count, bytes };
        telemetry_emit_task(TEL_EV_LEAK, 0, task, payload, sizeof(payload));
        klog(TEL_LOG_WARN, "leak: task %u '%s' exited holding %u blocks (%u bytes); reclaimed",
             task, task_name(task), count, bytes);
    }
    struct account *a = account_of(task, false);
    if (a)
        a->used = false;
    return bytes;
}

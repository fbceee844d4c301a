/*
 * A mutex: one holder at a time, the others wait in line. Before a task
 * blocks, the kernel follows the wait-for graph (I want lock L, L's holder
 * wants M, M's holder wants ...); if it leads back to the task itself, every
 * task on the cycle would wait forever: a deadlock. We refuse the lock that
 * would close the cycle (mutex_lock returns MUTEX_DEADLOCK) and let the task
 * back off, the way PostgreSQL aborts one transaction with "deadlock
 * detected" rather than killing it or waiting for a timeout: the victim
 * learns why, and the other tasks go on at once. Mutexes live in static
 * memory: the kernel keeps a list of them to free the locks of a dead task.
 */
#include "sched.h"
#include "kernel.h"
#include "printf.h"
#include "string.h"
#include "x86.h"

static struct mutex *all_mutexes;
static u32 next_mutex_id = 1;

static void report(struct mutex *m, u16 what)
{
    struct {
        u32 id, holder;
        char name[8];
    } p = { m->id, m->holder ? m->holder->id : 0, { 0 } };
    u32 n = strlen(m->name);
    memcpy(p.name, m->name, n < sizeof(p.name) ? n : sizeof(p.name));   /* no NUL needed */
    telemetry_emit_task(TEL_EV_LOCK, what, current_task->id, &p, sizeof(p));
}

void mutex_init(struct mutex *m, const char *name)
{
    m->name = name;
    m->holder = NULL;
    m->waiters.head = m->waiters.tail = NULL;
    if (!m->id) {
        m->id = next_mutex_id++;
        m->next_all = all_mutexes;
        all_mutexes = m;
    }
}

/* The holder of the lock that t waits for, or NULL. */
static struct task *blocker(struct task *t)
{
    return t->wants ? t->wants->holder : NULL;
}

static void print_cycle(struct task *me, struct mutex *m)
{
    kprintf("deadlock: wait-for cycle detected when task %u '%s' asked for lock '%s':\n",
            me->id, me->name, m->name);
    struct task *t = me;
    struct mutex *want = m;
    for (u32 i = 0; i < MAX_TASKS && want; i++) {
        struct task *h = want->holder;
        kprintf("  task %u '%s' wants '%s', held by task %u '%s'\n",
                t->id, t->name, want->name, h->id, h->name);
        if (h == me)
            break;
        t = h;
        want = h->wants;
    }
}

/* Would me waiting for m close a cycle in the wait-for graph? */
static bool closes_cycle(struct task *me, struct mutex *m)
{
    struct task *t = m->holder;
    for (u32 i = 0; i < MAX_TASKS && t; i++, t = blocker(t))
        if (t == me)
            return true;
    return false;
}

static void report_deadlock(struct task *me, struct mutex *m)
{
    struct task *h = m->holder;
    u32 p[4] = { me->id, m->id, h->id, h->wants ? h->wants->id : 0 };
    telemetry_emit_task(TEL_EV_DEADLOCK, 0, me->id, p, sizeof(p));
    print_cycle(me, m);
    kprintf("deadlock: refusing task %u '%s' lock '%s'; it must release its locks and retry\n",
            me->id, me->name, m->name);
    klog(TEL_LOG_WARN, "deadlock: task %u refused lock '%s' held by task %u",
         me->id, m->name, h->id);
}

int mutex_lock(struct mutex *m)
{
    u32 flags = irq_save();
    struct task *me = current_task;
    while (m->holder) {
        report(m, TEL_LOCK_CONTEND);
        if (closes_cycle(me, m)) {
            report_deadlock(me, m);
            irq_restore(flags);
            return MUTEX_DEADLOCK;
        }
        me->wants = m;
        waitq_wait(&m->waiters, TEL_WAIT_LOCK);
        me->wants = NULL;
    }
    m->holder = me;
    report(m, TEL_LOCK_ACQUIRE);
    irq_restore(flags);
    return 0;
}

static void release(struct mutex *m)
{
    report(m, TEL_LOCK_RELEASE);
    m->holder = NULL;
    waitq_wake_one(&m->waiters);
}

void mutex_unlock(struct mutex *m)
{
    u32 flags = irq_save();
    if (m->holder != current_task)
        panic("task %u released lock '%s' it does not hold", current_task->id, m->name);
    release(m);
    irq_restore(flags);
}

/* A task died holding locks: free them, or their waiters wait forever. */
void mutex_release_all(struct task *t)
{
    for (struct mutex *m = all_mutexes; m; m = m->next_all) {
        if (m->holder != t)
            continue;
        kprintf("task %u '%s' died holding lock '%s'; released\n", t->id, t->name, m->name);
        release(m);
    }
}

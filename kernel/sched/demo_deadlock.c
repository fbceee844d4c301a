/*
 * demo deadlock: 'transfer' takes lock accounts then audit; 'report' takes
 * audit then accounts. Each gets its first lock, then waits for the other's:
 * a cycle in the wait-for graph. The kernel finds it when the second task
 * blocks and refuses that task's lock (see mutex.c), so the other finishes.
 */
#include "sched.h"
#include "kernel.h"
#include "printf.h"
#include "shell.h"

static struct mutex accounts, audit;
static struct deadlock_result result;

struct order {
    struct mutex *first, *second;
};

static void take_both(void *arg)
{
    struct order *o = arg;
    struct task *me = task_self();
    mutex_lock(o->first);
    task_sleep(20);                /* long enough for the other to take its first lock */
    if (mutex_lock(o->second) == MUTEX_DEADLOCK) {
        kprintf("  task %u '%s': refused '%s'; releasing '%s' and giving up (a retry would "
                "now succeed)\n", me->id, me->name, o->second->name, o->first->name);
        mutex_unlock(o->first);
        result.refused++;
        return;
    }
    kprintf("  task %u '%s': holds '%s' and '%s'; done\n", me->id, me->name,
            o->first->name, o->second->name);
    mutex_unlock(o->second);
    mutex_unlock(o->first);
    result.finished++;
}

struct deadlock_result deadlock_run(void)
{
    static struct order a = { &accounts, &audit }, b = { &audit, &accounts };
    mutex_init(&accounts, "accounts");
    mutex_init(&audit, "audit");
    result.finished = result.refused = 0;
    u32 t1 = task_create("transfer", take_both, &a);
    u32 t2 = task_create("report", take_both, &b);
    task_join(t1);
    task_join(t2);
    return result;
}

DEMO(deadlock, "two tasks take two locks in opposite order; the kernel finds the cycle");

static void demo_deadlock(int argc, char **argv)
{
    (void)argc, (void)argv;
    kprintf("deadlock: 'transfer' locks accounts then audit; 'report' locks audit then accounts\n");
    struct deadlock_result r = deadlock_run();
    kprintf("deadlock: %u finished, %u refused - two locks taken in opposite orders wait for "
            "each other forever; take locks in one global order, and let the loser retry, as "
            "databases abort one deadlocked transaction\n", r.finished, r.refused);
}

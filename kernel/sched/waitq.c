/*
 * A wait queue is a line of blocked tasks waiting for the same thing: a key
 * press, a lock, room in a queue. Whoever makes the thing happen wakes them.
 * Callers keep interrupts off between checking their condition and waiting,
 * so a wake-up cannot slip in between and be lost.
 */
#include "sched.h"
#include "kernel.h"

void waitq_wait(struct waitq *q, u32 reason)
{
    struct task *t = current_task;
    t->next = NULL;
    if (q->tail)
        q->tail->next = t;
    else
        q->head = t;
    q->tail = t;
    t->waiting_on = q;
    t->state = TASK_BLOCKED;
    sched_block(reason);
}

bool waitq_wake_one(struct waitq *q)
{
    struct task *t = q->head;
    if (!t)
        return false;
    q->head = t->next;
    if (!q->head)
        q->tail = NULL;
    t->waiting_on = NULL;
    sched_make_ready(t);
    return true;
}

void waitq_wake_all(struct waitq *q)
{
    while (waitq_wake_one(q))
        ;
}

void waitq_remove(struct waitq *q, struct task *t)
{
    struct task *prev = NULL;
    for (struct task *p = q->head; p; prev = p, p = p->next) {
        if (p != t)
            continue;
        if (prev)
            prev->next = p->next;
        else
            q->head = p->next;
        if (q->tail == p)
            q->tail = prev;
        t->waiting_on = NULL;
        return;
    }
}

/*
 * A counting semaphore: a number of permits. sem_down takes one, waiting
 * while there are none; sem_up gives one back and wakes a waiter. It counts
 * things (free slots, finished jobs) where a mutex only guards one thing.
 */
#include "sched.h"
#include "kernel.h"
#include "x86.h"

void sem_init(struct semaphore *s, u32 count)
{
    s->count = count;
    s->waiters.head = s->waiters.tail = NULL;
}

void sem_down(struct semaphore *s)
{
    u32 flags = irq_save();
    while (s->count == 0)
        waitq_wait(&s->waiters, TEL_WAIT_SEMAPHORE);
    s->count--;
    irq_restore(flags);
}

void sem_up(struct semaphore *s)
{
    u32 flags = irq_save();
    s->count++;
    waitq_wake_one(&s->waiters);
    irq_restore(flags);
}

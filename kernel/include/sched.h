/*
 * Tasks and scheduling (phase 3): kernel tasks with their own stacks, two
 * schedulers (cooperative and round-robin), sleep, wait queues, and the
 * locks and queues built on them. What the rest of the kernel may ask about
 * tasks without knowing the scheduler is in task.h.
 */
#ifndef SCHED_H
#define SCHED_H

#include "types.h"
#include "task.h"

#define MAX_TASKS 32
#define TASK_STACK_PAGES 4          /* 16 KiB of stack, plus a guard page below */
#define IDLE_TASK 0

enum task_state { TASK_UNUSED, TASK_RUNNING, TASK_READY, TASK_BLOCKED, TASK_SLEEPING, TASK_EXITED };

#define USER_ALLOCS 16              /* SYS_ALLOC blocks a user task may hold */
#define EXIT_CODE_KILLED 137        /* what wait() reports for a killed task: 128 + 9, as shells do */

struct waitq;
struct mutex;
struct trapframe;

struct task {
    u32 id;
    char name[16];
    enum task_state state;
    u32 wait_reason;            /* TEL_WAIT_* while blocked or sleeping */
    u32 esp;                    /* saved stack pointer while not running */
    u32 guard, stack_top;       /* the guard page's address; the stack's top */
    u32 stack_limit;            /* the lowest esp the prologue check allows */
    u32 cpu_ticks, switches;
    u64 wake_us;                /* when a sleeping task is due (timer_us) */
    u32 slice_left;             /* ticks left of its round-robin time slice */
    struct task *next;          /* link in the run queue or a wait queue */
    struct waitq *waiting_on;
    struct mutex *wants;        /* the mutex it is blocked on: the wait-for graph */
    void (*fn)(void *);
    void *arg;
    /* user tasks (phase 4, sys/usertask.c) */
    bool user;
    u32 parent;                 /* who may wait for it */
    const struct program *prog; /* what it runs, and its argument string */
    char args[64];
    u32 *pagedir;               /* its address space; NULL = the kernel's */
    u32 user_stack_low;         /* the guard page is the page below this */
    u32 heap_next;              /* where SYS_ALLOC hands out the next pages */
    struct user_alloc {
        u32 addr, pages;
    } allocs[USER_ALLOCS];
};

/* task.c: the task table */
extern struct task *current_task;
struct task *task_self(void);
struct task *task_find(u32 id);                 /* a live task, or NULL */
struct task *task_slot(u32 i);                  /* slot i of the table, any state */
u32 task_create(const char *name, void (*fn)(void *), void *arg);   /* id, 0 = no room */
void task_exit(u32 code) __attribute__((noreturn));
void task_die(u32 how, u32 code) __attribute__((noreturn));        /* TEL_EXIT_* */
int task_kill(u32 id);                          /* 0, or -ESRCH: no such task */
void task_join(u32 id);                         /* wait until the task has exited */
const char *task_state_name(enum task_state s);
u32 task_stack_used(struct task *t);
u32 task_count(void);                           /* tasks alive, idle included */
void task_report_all(void);                     /* task_new + task_state for every live task */
void report_state(struct task *t);              /* a TEL_EV_TASK_STATE for t */
void task_free(struct task *t);

/* sched.c: picking who runs */
void sched_init(void);
void sched_start_idle(void) __attribute__((noreturn));
void task_yield(void);
void sched_block(u32 reason);                   /* irqs off; state already set */
void sched_make_ready(struct task *t);          /* irqs off */
void sched_unready(struct task *t);             /* irqs off: take off the run queue */
void sched_tick(void);                          /* from the timer interrupt */
void sched_irq_exit(void);                      /* end of every interrupt: preempt? */
void sched_set_mode(u32 mode, u32 slice_ms);    /* TEL_SCHED_* */
u32 sched_mode(void);
u32 sched_slice_ms(void);
u32 sched_runq_depth(void);
u32 sched_switches(void);                       /* since boot */
const char *sched_mode_name(u32 mode);
void sched_switch_to(struct task *next);        /* irqs off */
void sched_next(void);                          /* irqs off: run the next ready task */
void sched_reap(void);

/* sleep.c */
void task_sleep(u32 ms);
void sleep_tick(void);

/* waitq.c: a FIFO of blocked tasks. Callers hold interrupts off. */
struct waitq {
    struct task *head, *tail;
};
void waitq_wait(struct waitq *q, u32 reason);
bool waitq_wake_one(struct waitq *q);
void waitq_wake_all(struct waitq *q);
void waitq_remove(struct waitq *q, struct task *t);

/* mutex.c */
/* Linux's EDEADLK; abi/errno.h has no deadlock code yet. */
#define MUTEX_DEADLOCK (-35)
struct mutex {
    const char *name;
    u32 id;
    struct task *holder;
    struct waitq waiters;
    struct mutex *next_all;     /* every mutex, so a dying task's locks can be released */
};
void mutex_init(struct mutex *m, const char *name);
int mutex_lock(struct mutex *m);                /* 0, or MUTEX_DEADLOCK */
void mutex_unlock(struct mutex *m);
void mutex_release_all(struct task *t);

/* sem.c */
struct semaphore {
    u32 count;
    struct waitq waiters;
};
void sem_init(struct semaphore *s, u32 count);
void sem_down(struct semaphore *s);
void sem_up(struct semaphore *s);

/* workq.c: a bounded queue of jobs and a pool of worker tasks draining it */
struct job {
    void (*fn)(void *);
    void *arg;
};
#define WORKQ_MAX 32
#define POOL_MAX 8
struct workq {
    char name[4];
    u32 id, cap, head, count, peak, producer_waits;
    struct job jobs[WORKQ_MAX];
    struct waitq not_empty, not_full;
    u32 workers[POOL_MAX], nworkers;
};
void workq_init(struct workq *q, const char *name, u32 cap);
void workq_push(struct workq *q, struct job j);  /* blocks while full */
struct job workq_pop(struct workq *q);           /* blocks while empty */
void pool_start(struct workq *q, u32 n);
void pool_stop(struct workq *q);                 /* finishes queued jobs first */

/* stackcheck.c */
void stack_overflow(struct task *t, u32 esp) __attribute__((noreturn));

/* taskfault.c */
void task_fault(struct trapframe *tf);          /* returns only if the kernel must panic */

/* The demos' experiments (sched/demo_*.c), which the kernel tests reuse. */
u32 hog_experiment(u32 mode, u32 hog_ms);       /* ticker runs while the hog spun */
u32 race_run(u32 workers, u32 increments, bool locked);   /* the final counter */
struct deadlock_result { u32 finished, refused; };
struct deadlock_result deadlock_run(void);
struct pool_result { u32 jobs, peak, producer_waits, final_depth, ms; };
struct pool_result pool_run(u32 jobs, u32 workers, u32 cap, u32 job_ms, bool show);
u32 overflow_run(void);                          /* iterations of the steady task */

#endif

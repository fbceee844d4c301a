/* The syscall gate (phase 4): dispatch, tracing, counters, user tasks. */
#ifndef SYSCALL_H
#define SYSCALL_H

#include "types.h"
#include "abi/errno.h"
#include "abi/syscall.h"

struct trapframe;
struct task;

void syscall_dispatch(struct trapframe *tf);
void syscall_trace(bool on);
u32 syscall_count(void);
u32 syscall_errors(void);
u32 syscall_errors_of(u32 err);

/* usertask.c */
int user_spawn(const char *name_and_args, u32 parent);     /* task id or -E* */
int user_wait(u32 pid, u32 parent, int *code);              /* 0 or -E* */
void user_task_exited(struct task *t, u32 code);
void user_task_free(struct task *t);
void user_fault(struct trapframe *tf) __attribute__((noreturn));
void user_enter_context(struct task *next);                 /* CR3 and TSS for next */

/* tss.c */
void tss_init(void);
void tss_set_kernel_stack(u32 esp0);

#endif

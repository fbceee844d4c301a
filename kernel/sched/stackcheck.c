/*
 * Stack overflow detection, done the way Go checks goroutine stacks: every
 * function prologue compares the stack pointer with the task's limit (the
 * kernel is built with -finstrument-functions, which calls the hook below on
 * every function entry). Why not let the guard page catch it? On 32-bit x86
 * a fault in ring 0 is delivered on the same stack: the CPU pushes the
 * exception frame into the guard page, faults again (#DF) and then resets
 * (triple fault). A separate stack for #DF needs a hardware task switch,
 * which v86 does not emulate. So the check stops the task a margin above
 * the guard page, and the guard page stays as the hardware backstop.
 * Not checked: this file, the scheduler, drivers, boot and lib code and
 * inline helpers (see the Makefile): short leaf code the margin covers.
 */
#include "sched.h"
#include "kernel.h"
#include "mm.h"
#include "printf.h"

#define NO_CHECK __attribute__((no_instrument_function))

/* The report and the exit run here, not on the overflowing stack. Only one
   task at a time uses it: interrupts stay off until the task is gone. */
static u8 overflow_stack[4096] __attribute__((aligned(16)));

void __cyg_profile_func_enter(void *fn, void *site) NO_CHECK;
void __cyg_profile_func_exit(void *fn, void *site) NO_CHECK;

void __cyg_profile_func_enter(void *fn, void *site)
{
    (void)fn, (void)site;
    struct task *t = current_task;
    u32 esp = (u32)__builtin_frame_address(0);
    if (esp >= t->stack_limit || esp < t->guard)
        return;
    asm volatile("cli; mov %0, %%esp; push %2; push %1; call stack_overflow"
                 : : "r"(overflow_stack + sizeof(overflow_stack)), "r"(t), "r"(esp));
    __builtin_unreachable();
}

void __cyg_profile_func_exit(void *fn, void *site)
{
    (void)fn, (void)site;
}

void stack_overflow(struct task *t, u32 esp)
{
    kprintf("task %u '%s' overflowed its stack (guard page at 0x%08x, esp 0x%08x, "
            "%u of %u bytes used); killed\n", t->id, t->name, t->guard, esp,
            t->stack_top - esp, TASK_STACK_PAGES * PAGE_SIZE);
    klog(TEL_LOG_ERROR, "task %u '%s' overflowed its stack", t->id, t->name);
    task_die(TEL_EXIT_STACK_OVERFLOW, 0);
}

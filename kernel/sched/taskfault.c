/*
 * Fault isolation: a CPU exception in a task kills that task, not the
 * machine, the way one crashing request handler should not take the server
 * down. It stays a kernel panic when the fault is deliberate (the shell's
 * `panic`, the fault tests), when it hit the idle/boot path, or when
 * interrupts were off: then the kernel was inside an interrupt handler or a
 * critical section, its data may be half-updated, and only a panic is honest.
 */
#include "sched.h"
#include "kernel.h"
#include "faults.h"
#include "mm.h"
#include "printf.h"
#include "trap.h"
#include "x86.h"

void task_fault(struct trapframe *tf)
{
    struct task *t = current_task;
    if (fault_deliberate() || t->id == IDLE_TASK || !(tf->eflags & EFLAGS_IF))
        return;
    u32 cr2 = read_cr2();
    if (tf->vector == 14 && cr2 >= t->guard && cr2 < t->guard + PAGE_SIZE) {
        kprintf("task %u '%s' overflowed its stack (guard page at 0x%08x hit at eip 0x%08x); killed\n",
                t->id, t->name, t->guard, tf->eip);
        task_die(TEL_EXIT_STACK_OVERFLOW, tf->vector);
    }
    kprintf("task %u '%s' killed: %s (%s) at eip 0x%08x", t->id, t->name,
            exception_name(tf->vector), exception_mnemonic(tf->vector), tf->eip);
    if (tf->vector == 14)
        kprintf(", address 0x%08x", cr2);
    kprintf("\n");
    klog(TEL_LOG_ERROR, "task %u '%s' killed: %s at eip %08x", t->id, t->name,
         exception_mnemonic(tf->vector), tf->eip);
    task_die(TEL_EXIT_FAULT, tf->vector);
}

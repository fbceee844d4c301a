/*
 * Every interrupt and exception lands in trap(). Hardware IRQs go to the
 * driver that registered for them, and may end in a task switch. A CPU
 * exception in a task kills that task (sched/taskfault.c); anywhere else it
 * means the kernel itself did something wrong: the panic screen.
 */
#include "trap.h"
#include "drivers.h"
#include "kernel.h"
#include "syscall.h"
#include "sched.h"

static const struct {
    const char *mnemonic, *name;
} exceptions[32] = {
    { "#DE", "divide error" },
    { "#DB", "debug" },
    { "NMI", "non-maskable interrupt" },
    { "#BP", "breakpoint" },
    { "#OF", "overflow" },
    { "#BR", "bound range exceeded" },
    { "#UD", "invalid opcode" },
    { "#NM", "device not available" },
    { "#DF", "double fault" },
    { "--", "coprocessor segment overrun" },
    { "#TS", "invalid TSS" },
    { "#NP", "segment not present" },
    { "#SS", "stack-segment fault" },
    { "#GP", "general protection fault" },
    { "#PF", "page fault" },
    { "--", "reserved" },
    { "#MF", "x87 floating-point error" },
    { "#AC", "alignment check" },
    { "#MC", "machine check" },
    { "#XM", "SIMD floating-point error" },
    { "#VE", "virtualization exception" },
    { "#CP", "control protection" },
};

static irq_handler irq_handlers[16];
static u32 irq_counts[16];

const char *exception_name(u32 v)
{
    if (v < 32 && exceptions[v].name)
        return exceptions[v].name;
    return "unknown exception";
}

const char *exception_mnemonic(u32 v)
{
    if (v < 32 && exceptions[v].mnemonic)
        return exceptions[v].mnemonic;
    return "--";
}

void irq_register(u32 irq, irq_handler h)
{
    irq_handlers[irq] = h;
}

u32 irq_count(u32 irq)
{
    return irq < 16 ? irq_counts[irq] : 0;
}

void trap(struct trapframe *tf)
{
    if (tf->vector == SYS_VECTOR) {
        syscall_dispatch(tf);
        sched_irq_exit();
        return;
    }
    if (tf->vector < IRQ_BASE) {
        if ((tf->cs & 3) == 3)
            user_fault(tf);      /* ring 3 broke a rule: that task dies alone */
        task_fault(tf);          /* kills the faulting task, or returns */
        panic_trap(tf);
        return;
    }
    u32 irq = tf->vector - IRQ_BASE;
    irq_counts[irq]++;
    /* Acknowledge first: a handler may switch away and not come back soon. */
    pic_eoi(irq);
    if (irq_handlers[irq])
        irq_handlers[irq](tf);
    sched_irq_exit();            /* the timer may have ended a time slice */
}

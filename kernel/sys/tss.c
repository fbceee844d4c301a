/*
 * The Task State Segment. MiniOS switches tasks in software; the TSS is here
 * for one field: esp0, the kernel stack the CPU switches to when an
 * interrupt or syscall arrives from ring 3. A user task must never run its
 * kernel code on a stack it can write to, so each task has its own, and the
 * scheduler points esp0 at it on every switch.
 */
#include "syscall.h"
#include "string.h"
#include "trap.h"

struct tss {
    u32 prev, esp0, ss0, esp1, ss1, esp2, ss2, cr3, eip, eflags;
    u32 eax, ecx, edx, ebx, esp, ebp, esi, edi;
    u32 es, cs, ss, ds, fs, gs, ldt;
    u16 trap, iomap_base;
} __attribute__((packed));

static struct tss tss;

void tss_init(void)
{
    memset(&tss, 0, sizeof(tss));
    tss.ss0 = SEL_KDATA;
    tss.iomap_base = sizeof(tss);      /* no I/O bitmap: ring 3 may not touch ports */
    gdt_set(GDT_TSS, (u32)&tss, sizeof(tss) - 1, 0x89, 0x0);
    asm volatile("ltr %w0" : : "r"(GDT_TSS * 8));
}

void tss_set_kernel_stack(u32 esp0)
{
    tss.esp0 = esp0;
}

/* Interrupts and exceptions: the IDT, the saved registers, IRQ handlers. */
#ifndef TRAP_H
#define TRAP_H

#include "types.h"

#define IRQ_BASE 32              /* IRQ n arrives on vector IRQ_BASE + n */
#define NUM_VECTORS 48

/* What vectors.S pushes, in the order it ends up in memory. */
struct trapframe {
    u32 gs, fs, es, ds;
    u32 edi, esi, ebp, esp_at_pusha, ebx, edx, ecx, eax;
    u32 vector, error;
    u32 eip, cs, eflags;         /* the interrupted ESP is esp_at_pusha + 20 */
    u32 user_esp, user_ss;       /* only valid when the trap came from ring 3 */
};

typedef void (*irq_handler)(struct trapframe *tf);

void gdt_init(void);
void gdt_set(u32 index, u32 base, u32 limit, u8 access, u8 flags);
void idt_init(void);
void idt_set_present(u32 vector, bool present);
void irq_register(u32 irq, irq_handler h);
void trap(struct trapframe *tf);
const char *exception_name(u32 vector);
const char *exception_mnemonic(u32 vector);

/* Segment selectors of the GDT in gdt.c */
#define SEL_KCODE 0x08
#define SEL_KDATA 0x10
#define GDT_TSS 5                /* the task state segment (sys/tss.c) */
#define GDT_SPARE 7              /* a slot kernel tests may fill */

#endif

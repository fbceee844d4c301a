/*
 * The Interrupt Descriptor Table: for each vector, where the CPU jumps.
 * Vectors 0-31 are CPU exceptions, 32-47 the remapped hardware IRQs. All
 * are interrupt gates, so the CPU clears IF on entry and handlers are not
 * interrupted half-way.
 */
#include "trap.h"

struct idt_entry {
    u16 offset_lo, selector;
    u8 zero, type_attr;
    u16 offset_hi;
} __attribute__((packed));

struct idt_ptr {
    u16 limit;
    u32 base;
} __attribute__((packed));

#define GATE_INTERRUPT 0x8E          /* present, ring 0, 32-bit interrupt gate */
#define GATE_USER 0xEE               /* the same, but ring 3 may use it: int 0x80 */

extern u32 vector_table[NUM_VECTORS];
extern char vec128[];
static struct idt_entry idt[256];

static void set_gate(u32 v, u32 handler, u8 type_attr)
{
    idt[v].offset_lo = handler & 0xFFFF;
    idt[v].selector = SEL_KCODE;
    idt[v].zero = 0;
    idt[v].type_attr = type_attr;
    idt[v].offset_hi = handler >> 16;
}

void idt_init(void)
{
    for (u32 v = 0; v < NUM_VECTORS; v++)
        set_gate(v, vector_table[v], GATE_INTERRUPT);
    set_gate(0x80, (u32)vec128, GATE_USER);

    struct idt_ptr p = { sizeof(idt) - 1, (u32)idt };
    asm volatile("lidt %0" : : "m"(p));
}

/* Kernel tests use this to provoke a double fault. */
void idt_set_present(u32 vector, bool present)
{
    if (present)
        idt[vector].type_attr |= 0x80;
    else
        idt[vector].type_attr &= 0x7F;
}

/*
 * The two 8259 programmable interrupt controllers. Out of reset they deliver
 * IRQs 0-7 on vectors 8-15, which collide with CPU exceptions, so we remap
 * IRQs 0-15 to vectors 32-47 and mask every line until a driver asks for it.
 */
#include "drivers.h"
#include "trap.h"
#include "x86.h"

#define PIC1_CMD 0x20
#define PIC1_DATA 0x21
#define PIC2_CMD 0xA0
#define PIC2_DATA 0xA1
#define PIC_EOI 0x20

static u16 mask = 0xFFFB;    /* all masked but IRQ 2, the cascade */

static void write_mask(void)
{
    outb(PIC1_DATA, mask & 0xFF);
    outb(PIC2_DATA, mask >> 8);
}

void pic_init(void)
{
    outb(PIC1_CMD, 0x11);            /* ICW1: initialise, expect ICW4 */
    outb(PIC2_CMD, 0x11);
    outb(PIC1_DATA, IRQ_BASE);       /* ICW2: vector offsets */
    outb(PIC2_DATA, IRQ_BASE + 8);
    outb(PIC1_DATA, 0x04);           /* ICW3: slave on IRQ 2 */
    outb(PIC2_DATA, 0x02);
    outb(PIC1_DATA, 0x01);           /* ICW4: 8086 mode */
    outb(PIC2_DATA, 0x01);
    write_mask();
}

void pic_unmask(u32 irq)
{
    mask &= (u16)~(1u << irq);
    write_mask();
}

void pic_eoi(u32 irq)
{
    if (irq >= 8)
        outb(PIC2_CMD, PIC_EOI);
    outb(PIC1_CMD, PIC_EOI);
}

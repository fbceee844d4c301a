/* The small device drivers of phase 1. Each file in drivers/ is one chip. */
#ifndef DRIVERS_H
#define DRIVERS_H

#include "types.h"

/* serial.c: the 16550 UART at COM1 */
void serial_init(void);
void serial_putc(char c);
int serial_getc(void);            /* -1 when no byte is waiting */
u32 serial_rx_dropped(void);
void serial_enable_irq(void);   /* after the IDT and PIC are ready */

/* vga.c: the 80x25 text screen */
void vga_init(void);
void vga_putc(char c);
void vga_set_color(u8 attr);

/* pic.c: the two 8259 interrupt controllers */
void pic_init(void);
void pic_unmask(u32 irq);
void pic_eoi(u32 irq);

/* pit.c: the 8254 timer */
/* 100 Hz: an emulator idling in a browser or Node cannot deliver 1000
   interrupts a second on time, and lost ticks would stop the clock. */
#define TICK_HZ 100
void pit_init(void);
u32 timer_ticks(void);
u64 timer_us(void);               /* microseconds since boot */
void timer_calibrate(void);       /* measures the TSC against the PIT */
void timer_sleep_busy(u32 ms);

/* pci.c: configuration space and the chipset set-up a BIOS would do */
u32 pci_read(u32 bus, u32 dev, u32 fn, u32 off);
void pci_write(u32 bus, u32 dev, u32 fn, u32 off, u32 v);
void pci_init(void);
void pci_list(void);

#endif

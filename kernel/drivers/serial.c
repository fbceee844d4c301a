/*
 * COM1, a 16550 UART. Output is polled (wait until the transmitter is empty,
 * then write). Input is interrupt driven: IRQ 4 fires when a byte arrives and
 * the handler moves it into a ring buffer that the shell reads from. If the
 * ring is full the byte is dropped and counted, never written over.
 */
#include "drivers.h"
#include "console.h"
#include "trap.h"
#include "x86.h"

#define COM1 0x3F8
#define REG_DATA 0
#define REG_IER 1          /* interrupt enable */
#define REG_FCR 2          /* FIFO control */
#define REG_LCR 3          /* line control */
#define REG_MCR 4          /* modem control */
#define REG_LSR 5          /* line status */
#define LSR_RX_READY 0x01
#define LSR_TX_EMPTY 0x20

#define RX_SIZE 256        /* a power of two */

static u8 rx_buf[RX_SIZE];
static volatile u32 rx_head, rx_tail;
static u32 rx_dropped;
static bool ready;

static void serial_irq(struct trapframe *tf)
{
    (void)tf;
    while (inb(COM1 + REG_LSR) & LSR_RX_READY) {
        u8 c = inb(COM1 + REG_DATA);
        if (rx_head - rx_tail == RX_SIZE) {
            rx_dropped++;
            continue;
        }
        rx_buf[rx_head % RX_SIZE] = c;
        rx_head++;
    }
    console_input_ready();
}

void serial_init(void)
{
    outb(COM1 + REG_IER, 0x00);
    outb(COM1 + REG_LCR, 0x80);    /* expose the divisor latch */
    outb(COM1 + REG_DATA, 0x01);   /* divisor 1: 115200 baud */
    outb(COM1 + REG_IER, 0x00);
    outb(COM1 + REG_LCR, 0x03);    /* 8 bits, no parity, 1 stop bit */
    outb(COM1 + REG_FCR, 0xC7);    /* FIFOs on and cleared */
    outb(COM1 + REG_MCR, 0x0B);    /* DTR, RTS, and OUT2 which gates the IRQ */
    ready = true;
}

/* Called once the IDT and PIC exist: from now on input arrives by interrupt. */
void serial_enable_irq(void)
{
    irq_register(4, serial_irq);
    outb(COM1 + REG_IER, 0x01);    /* interrupt when a byte arrives */
    pic_unmask(4);
}

/* Wait until the transmitter has room. The other end may be slow to read
   (QEMU holds the line busy while its output pipe is full), so wait a long
   time before giving up on a byte: losing console output hides bugs. */
void serial_putc(char c)
{
    if (!ready)
        return;
    for (u32 spin = 0; spin < (1u << 22); spin++)
        if (inb(COM1 + REG_LSR) & LSR_TX_EMPTY)
            break;
    outb(COM1 + REG_DATA, (u8)c);
}

int serial_getc(void)
{
    u32 flags = irq_save();
    int c = -1;
    if (rx_tail != rx_head) {
        c = rx_buf[rx_tail % RX_SIZE];
        rx_tail++;
    }
    irq_restore(flags);
    return c;
}

u32 serial_rx_dropped(void)
{
    return rx_dropped;
}

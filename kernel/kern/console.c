/*
 * The console is every place text can go: the serial port (what the host
 * and the studio read) and the VGA screen. Serial needs "\r\n" for a new
 * line; VGA is happy with "\n".
 */
#include <stdarg.h>
#include "console.h"
#include "printf.h"
#include "kernel.h"
#include "sched.h"
#include "drivers.h"
#include "string.h"
#include "x86.h"

/* One write comes out whole: interrupts stay off so another task's output
   cannot land in the middle of this one's line. */
void console_write(const char *s, size_t n)
{
    u32 flags = irq_save();
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\n')
            serial_putc('\r');
        serial_putc(s[i]);
        vga_putc(s[i]);
    }
    irq_restore(flags);
}

void console_puts(const char *s)
{
    console_write(s, strlen(s));
}

static struct waitq input;          /* tasks waiting for a key */

/* From the serial interrupt: a byte arrived. */
void console_input_ready(void)
{
    waitq_wake_all(&input);
}

/* Blocks the calling task until a byte arrives; the time spent here is the
   task's "blocked on input" lane in the studio's scheduler timeline. */
int console_getc(void)
{
    u32 flags = irq_save();
    int c;
    while ((c = serial_getc()) < 0) {
        if (task_current_id() == IDLE_TASK) {
            sti_hlt();           /* no task to block: sleep until an interrupt */
            cli();
        } else {
            waitq_wait(&input, TEL_WAIT_INPUT);
        }
    }
    irq_restore(flags);
    return c;
}

void kprintf(const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    int n = kvsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    console_write(buf, n < (int)sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
}

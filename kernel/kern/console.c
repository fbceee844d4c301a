/*
 * The console is every place text can go: the serial port (what the host
 * and the studio read) and the VGA screen. Serial needs "\r\n" for a new
 * line; VGA is happy with "\n".
 */
#include "console.h"
#include "kernel.h"
#include "drivers.h"
#include "string.h"
#include "x86.h"

void console_write(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\n')
            serial_putc('\r');
        serial_putc(s[i]);
        vga_putc(s[i]);
    }
}

void console_puts(const char *s)
{
    console_write(s, strlen(s));
}

static void report_state(u16 state, u32 reason)
{
    telemetry_emit_task(TEL_EV_TASK_STATE, state, SHELL_TASK, &reason, sizeof(reason));
}

/* Blocks until a byte arrives. The time spent here is the shell's "blocked
   on input" lane in the studio's scheduler timeline. */
int console_getc(void)
{
    int c = serial_getc();
    if (c >= 0)
        return c;
    report_state(TEL_TASK_BLOCKED, TEL_WAIT_INPUT);
    while ((c = serial_getc()) < 0)
        sti_hlt();           /* sleep until an interrupt: a byte, or a tick */
    report_state(TEL_TASK_RUNNING, TEL_WAIT_NONE);
    return c;
}

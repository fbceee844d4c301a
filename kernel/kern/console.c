/*
 * The console is every place text can go: the serial port (what the host
 * and the studio read) and the VGA screen. Serial needs "\r\n" for a new
 * line; VGA is happy with "\n".
 */
#include "console.h"
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

int console_getc(void)
{
    int c;
    /* Sleep until an interrupt (a byte, or a tick) and look again. */
    while ((c = serial_getc()) < 0)
        sti_hlt();
    return c;
}

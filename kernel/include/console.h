#ifndef CONSOLE_H
#define CONSOLE_H

#include "types.h"

/* Text goes to every console at once: COM1 serial and the VGA screen. */
void console_write(const char *s, size_t n);
void console_puts(const char *s);
int console_getc(void);           /* blocks until a byte arrives */
void console_input_ready(void);   /* the serial interrupt: wake the readers */

#endif

/*
 * The kernel log: the last LOG_LINES lines, kept in memory for the shell's
 * `log` command and sent to the host as telemetry. A long line travels as one
 * TEL_EV_LOG event followed by TEL_EV_LOG_CONT events carrying the rest.
 */
#include <stdarg.h>
#include "kernel.h"
#include "drivers.h"
#include "printf.h"
#include "string.h"
#include "x86.h"

#define LOG_LINES 64
#define LINE_MAX 120

struct log_line {
    u64 time_us;
    u32 level;
    char text[LINE_MAX];
};

static struct log_line lines[LOG_LINES];
static u32 count;               /* lines ever logged */

static const char *level_name[] = { "info", "warn", "error" };

/* Interrupts stay off while a line goes out, so no other event can land
   between a LOG and its LOG_CONT parts. */
static void send_telemetry(u32 level, const char *text, u32 len)
{
    u32 flags = irq_save();
    u8 first[TEL_EV_PAYLOAD_SIZE] = { (u8)level };
    u32 part = len < TEL_EV_PAYLOAD_SIZE - 1 ? len : TEL_EV_PAYLOAD_SIZE - 1;
    memcpy(first + 1, text, part);
    telemetry_emit(TEL_EV_LOG, (u16)len, first, sizeof(first));
    for (u32 off = part; off < len; off += TEL_EV_PAYLOAD_SIZE) {
        u32 n = len - off < TEL_EV_PAYLOAD_SIZE ? len - off : TEL_EV_PAYLOAD_SIZE;
        telemetry_emit(TEL_EV_LOG_CONT, 0, text + off, n);
    }
    irq_restore(flags);
}

/* Interrupts are off while a line is written, so two tasks logging at
   once cannot take the same slot. */
void klog(u32 level, const char *fmt, ...)
{
    u32 flags = irq_save();
    struct log_line *l = &lines[count % LOG_LINES];
    va_list ap;
    va_start(ap, fmt);
    kvsnprintf(l->text, sizeof(l->text), fmt, ap);
    va_end(ap);
    l->time_us = timer_us();
    l->level = level < ARRAY_LEN(level_name) ? level : TEL_LOG_ERROR;
    count++;
    send_telemetry(l->level, l->text, strlen(l->text));
    irq_restore(flags);
}

void log_dump(void)
{
    u32 first = count > LOG_LINES ? count - LOG_LINES : 0;
    for (u32 i = first; i < count; i++) {
        struct log_line *l = &lines[i % LOG_LINES];
        u32 ms = (u32)(l->time_us / 1000);
        kprintf("[%6u.%03u] %-5s %s\n", ms / 1000, ms % 1000, level_name[l->level], l->text);
    }
    if (count == 0)
        kprintf("(the log is empty)\n");
}

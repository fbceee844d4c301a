/*
 * A small printf: %d %i %u %x %X %p %s %c %%, with width, '0' padding,
 * '-' for left alignment and the 'l'/'ll' length modifiers. Everything the
 * kernel prints goes through kvsnprintf, so output can never overrun a buffer.
 */
#include "printf.h"
#include "string.h"

struct out {
    char *buf;
    size_t size;
    size_t len;     /* chars that would have been written */
};

static void put(struct out *o, char c)
{
    if (o->len + 1 < o->size)
        o->buf[o->len] = c;
    o->len++;
}

static void put_padded(struct out *o, const char *s, size_t n, int width, bool left, char pad)
{
    int fill = width > (int)n ? width - (int)n : 0;
    if (!left)
        while (fill-- > 0)
            put(o, pad);
    while (n--)
        put(o, *s++);
    if (left)
        while (fill-- > 0)
            put(o, ' ');
}

/* Digits of v in base, most significant first, into tmp; returns count. */
static size_t format_u64(char *tmp, u64 v, u32 base, bool upper)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char rev[24];
    size_t n = 0, i;
    do {
        rev[n++] = digits[v % base];
        v /= base;
    } while (v);
    for (i = 0; i < n; i++)
        tmp[i] = rev[n - 1 - i];
    return n;
}

int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct out o = { buf, size, 0 };
    char tmp[24];

    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            put(&o, *fmt);
            continue;
        }
        fmt++;
        bool left = false;
        char pad = ' ';
        int width = 0, longs = 0;
        if (*fmt == '-') { left = true; fmt++; }
        if (*fmt == '0') { pad = '0'; fmt++; }
        while (*fmt >= '0' && *fmt <= '9')
            width = width * 10 + (*fmt++ - '0');
        while (*fmt == 'l') { longs++; fmt++; }

        u64 u;
        size_t n;
        switch (*fmt) {
        case 'd': case 'i': {
            i64 v = longs >= 2 ? va_arg(ap, i64) : va_arg(ap, i32);
            bool neg = v < 0;
            u = neg ? (u64)(-v) : (u64)v;
            n = 0;
            if (neg)
                tmp[n++] = '-';
            n += format_u64(tmp + n, u, 10, false);
            put_padded(&o, tmp, n, width, left, pad);
            break;
        }
        case 'u': case 'x': case 'X':
            u = longs >= 2 ? va_arg(ap, u64) : va_arg(ap, u32);
            n = format_u64(tmp, u, *fmt == 'u' ? 10 : 16, *fmt == 'X');
            put_padded(&o, tmp, n, width, left, pad);
            break;
        case 'p':
            put(&o, '0');
            put(&o, 'x');
            n = format_u64(tmp, va_arg(ap, u32), 16, false);
            put_padded(&o, tmp, n, 8, false, '0');
            break;
        case 's': {
            const char *s = va_arg(ap, const char *);
            if (!s)
                s = "(null)";
            put_padded(&o, s, strlen(s), width, left, ' ');
            break;
        }
        case 'c':
            tmp[0] = (char)va_arg(ap, int);
            put_padded(&o, tmp, 1, width, left, ' ');
            break;
        case '%':
            put(&o, '%');
            break;
        case 0:
            fmt--;
            break;
        default:
            put(&o, '%');
            put(&o, *fmt);
        }
    }
    if (size)
        buf[o.len < size ? o.len : size - 1] = 0;
    return (int)o.len;
}

int ksnprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = kvsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}

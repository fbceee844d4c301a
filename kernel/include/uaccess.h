/*
 * Untrusted user pointers. A user address is a `uptr`, a struct the kernel
 * cannot dereference by mistake: the only way to its bytes is copy_in and
 * copy_out, which check every byte of the range first.
 */
#ifndef UACCESS_H
#define UACCESS_H

#include "types.h"

typedef struct {
    u32 addr;
} uptr;

static inline uptr uptr_of(u32 addr) { return (uptr){ addr }; }

#define UACCESS_MAX (1u << 20)        /* longer ranges are refused as oversized */

int uaccess_check(u32 *pd, uptr p, u32 len, bool write);   /* 0 or -E* */
int copy_in(void *dst, uptr src, u32 len);
int copy_out(uptr dst, const void *src, u32 len);
int copy_in_string(char *dst, u32 size, uptr src, u32 len); /* adds the NUL */

#endif

/*
 * copy_in and copy_out: the only path between user memory and the kernel.
 * Before a byte moves, the whole range is checked: not oversized, does not
 * wrap around the top of memory, lies inside user space, and every page of
 * it is mapped for the user (and writable, when the kernel writes). Any
 * failure is an error code for the caller, never a fault in the kernel.
 * The copy itself goes through the frames' identity mapping.
 */
#include "uaccess.h"
#include "abi/errno.h"
#include "abi/syscall.h"
#include "mm.h"
#include "sched.h"
#include "string.h"

static u32 *current_pd(void)
{
    return task_self()->pagedir;
}

int uaccess_check(u32 *pd, uptr p, u32 len, bool write)
{
    if (len == 0)
        return 0;
    if (len > UACCESS_MAX)
        return -EINVAL;
    if (!pd || p.addr < USER_BASE || p.addr > USER_LIMIT - len)   /* also catches wrap-around */
        return -EFAULT;
    u32 need = PTE_PRESENT | PTE_USER | (write ? PTE_WRITE : 0);
    for (u32 page = p.addr & ~(PAGE_SIZE - 1); page < p.addr + len; page += PAGE_SIZE)
        if ((vm_flags(pd, page) & need) != need)
            return -EFAULT;
    return 0;
}

/* Copy page by page through the physical address of each user page. */
static void copy_pages(u32 *pd, u32 uaddr, u8 *kbuf, u32 len, bool to_user)
{
    while (len) {
        u32 chunk = PAGE_SIZE - (uaddr & (PAGE_SIZE - 1));
        if (chunk > len)
            chunk = len;
        u8 *phys = (u8 *)vm_phys(pd, uaddr);
        if (to_user)
            memcpy(phys, kbuf, chunk);
        else
            memcpy(kbuf, phys, chunk);
        uaddr += chunk;
        kbuf += chunk;
        len -= chunk;
    }
}

int copy_in(void *dst, uptr src, u32 len)
{
    int err = uaccess_check(current_pd(), src, len, false);
    if (!err)
        copy_pages(current_pd(), src.addr, dst, len, false);
    return err;
}

int copy_out(uptr dst, const void *src, u32 len)
{
    int err = uaccess_check(current_pd(), dst, len, true);
    if (!err)
        copy_pages(current_pd(), dst.addr, (u8 *)src, len, true);
    return err;
}

int copy_in_string(char *dst, u32 size, uptr src, u32 len)
{
    if (len >= size)
        return -ENAMETOOLONG;
    int err = copy_in(dst, src, len);
    dst[err ? 0 : len] = 0;
    return err;
}

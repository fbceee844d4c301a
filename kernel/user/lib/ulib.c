/*
 * Syscall stubs: each puts its arguments in registers and executes
 * `int 0x80` (abi/syscall.h). Everything a user program can do to the
 * world goes through syscall5.
 */
#include <stdarg.h>
#include "ulib.h"
#include "printf.h"
#include "string.h"

int syscall5(u32 num, u32 a, u32 b, u32 c, u32 d, u32 e)
{
    int ret;
    asm volatile("int $0x80"
                 : "=a"(ret)
                 : "a"(num), "b"(a), "c"(b), "d"(c), "S"(d), "D"(e)
                 : "memory");
    return ret;
}

void exit(int code)
{
    syscall5(SYS_EXIT, (u32)code, 0, 0, 0, 0);
    for (;;)
        ;
}

int yield(void) { return syscall5(SYS_YIELD, 0, 0, 0, 0, 0); }
int sleep(u32 ms) { return syscall5(SYS_SLEEP, ms, 0, 0, 0, 0); }
int getpid(void) { return syscall5(SYS_GETPID, 0, 0, 0, 0, 0); }
int write(int fd, const void *buf, u32 len) { return syscall5(SYS_WRITE, (u32)fd, (u32)buf, len, 0, 0); }
int read(int fd, void *buf, u32 len) { return syscall5(SYS_READ, (u32)fd, (u32)buf, len, 0, 0); }
int free(void *p) { return syscall5(SYS_FREE, (u32)p, 0, 0, 0, 0); }
int wait(int pid, int *status) { return syscall5(SYS_WAIT, (u32)pid, (u32)status, 0, 0, 0); }
u32 time_ms(void) { return (u32)syscall5(SYS_TIME, 0, 0, 0, 0, 0); }
int stats(void *buf, u32 len) { return syscall5(SYS_STATS, (u32)buf, len, 0, 0, 0); }
int spawn(const char *s) { return syscall5(SYS_SPAWN, (u32)s, strlen(s), 0, 0, 0); }
int kctl(const char *cmd) { return syscall5(SYS_KCTL, (u32)cmd, strlen(cmd), 0, 0, 0); }

void *alloc(u32 len)
{
    int r = syscall5(SYS_ALLOC, len, 0, 0, 0, 0);
    return r < 0 ? NULL : (void *)r;
}

int printf(const char *fmt, ...)
{
    char buf[256];
    va_list ap;
    va_start(ap, fmt);
    int n = kvsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    return write(1, buf, n < (int)sizeof(buf) ? (u32)n : sizeof(buf) - 1);
}

int puts(const char *s)
{
    return write(1, s, strlen(s));
}

const char *strerror(int err)
{
    switch (-err) {
    case EPERM: return "EPERM";
    case ENOENT: return "ENOENT";
    case ESRCH: return "ESRCH";
    case EBADF: return "EBADF";
    case ECHILD: return "ECHILD";
    case EAGAIN: return "EAGAIN";
    case ENOMEM: return "ENOMEM";
    case EFAULT: return "EFAULT";
    case EINVAL: return "EINVAL";
    case ENAMETOOLONG: return "ENAMETOOLONG";
    case ENOSYS: return "ENOSYS";
    }
    return err >= 0 ? "ok" : "E?";
}

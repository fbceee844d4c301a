/*
 * The trust boundary, tested from the untrusted side (like xv6's
 * usertests): every syscall gets null, kernel, unmapped, misaligned,
 * wrapping and oversized pointers and lengths, and must answer with the
 * documented error instead of crashing anything.
 */
#include "ulib.h"

static int checks, failures;

static void expect(const char *what, int got, int want)
{
    checks++;
    if (got != want) {
        failures++;
        printf("validate: FAIL %s: got %d (%s), want %d (%s)\n", what, got, strerror(got), want, strerror(want));
    }
}

#define KERNEL_PTR 0x00100000u          /* the kernel's code */
#define UNMAPPED 0x50000000u            /* user space, but nothing there */
#define WRAPS 0xFFFFFFF0u

static char buf[64];

static void bad_pointers(void)
{
    u32 bad[] = { 0, 4, KERNEL_PTR, 0x000B8000u, UNMAPPED, USER_LIMIT, WRAPS };
    for (u32 i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        expect("write from a bad pointer", syscall5(SYS_WRITE, 1, bad[i], 16, 0, 0), -EFAULT);
        expect("read into a bad pointer", syscall5(SYS_READ, 0, bad[i], 16, 0, 0), -EFAULT);
        expect("spawn with a bad name", syscall5(SYS_SPAWN, bad[i], 5, 0, 0, 0), -EFAULT);
        expect("kctl from a program (not the shell)", syscall5(SYS_KCTL, bad[i], 4, 0, 0, 0), -EPERM);
        expect("stats into a bad pointer", syscall5(SYS_STATS, bad[i], STATS_SIZE, 0, 0, 0), -EFAULT);
        if (bad[i])                     /* a NULL status pointer means "I don't need it" */
            expect("wait with a bad status pointer", syscall5(SYS_WAIT, (u32)getpid(), bad[i], 0, 0, 0), -EFAULT);
    }
    /* A buffer that starts fine and runs off the end of what is mapped. */
    expect("write running into unmapped memory", write(1, buf, 0x10000000), -EINVAL);
    expect("write past the end of user space", syscall5(SYS_WRITE, 1, USER_LIMIT - 8, 16, 0, 0), -EFAULT);
    expect("a range that wraps around", syscall5(SYS_WRITE, 1, (u32)buf, 0xFFFFFFFFu, 0, 0), -EINVAL);
    expect("misaligned status pointer", syscall5(SYS_WAIT, (u32)getpid(), (u32)buf + 1, 0, 0, 0), -EINVAL);
    expect("stats buffer too small", stats(buf, 8), -EINVAL);
    expect("zero-length write", write(1, buf, 0), 0);
}

static void bad_values(void)
{
    expect("syscall number 0", syscall5(0, 0, 0, 0, 0, 0), -ENOSYS);
    expect("syscall number past the table", syscall5(SYS_COUNT, 0, 0, 0, 0, 0), -ENOSYS);
    expect("syscall number -1", syscall5(0xFFFFFFFFu, 0, 0, 0, 0, 0), -ENOSYS);
    expect("write to a bad descriptor", write(7, "x", 1), -EBADF);
    expect("read from stdout", read(1, buf, 1), -EBADF);
    expect("sleep for a day", sleep(86400000), -EINVAL);
    expect("wait for nobody", wait(9999, 0), -ECHILD);
    expect("wait for yourself", wait(getpid(), 0), -ECHILD);
    expect("spawn an unknown program", spawn("no-such-program"), -ENOENT);
    expect("spawn an empty name", syscall5(SYS_SPAWN, (u32)buf, 0, 0, 0, 0), -ENOENT);
    expect("spawn a long name", syscall5(SYS_SPAWN, (u32)buf, 5000, 0, 0, 0), -ENAMETOOLONG);
    expect("free what was never allocated", free((void *)0x60001000), -EINVAL);
    expect("free null", free(0), -EINVAL);
    expect("alloc nothing", syscall5(SYS_ALLOC, 0, 0, 0, 0, 0), -EINVAL);
    expect("alloc 3 GiB", syscall5(SYS_ALLOC, 0xC0000000u, 0, 0, 0, 0), -ENOMEM);
    expect("kctl from a program the shell ran", kctl("poweroff"), -EPERM);
}

static void good_calls(void)
{
    u32 *p = alloc(10000);
    expect("alloc succeeds", p != NULL, 1);
    if (p) {
        p[0] = 1;
        p[2499] = 2;                    /* the last word is ours too */
        expect("alloc is zeroed", (int)p[1], 0);
        expect("free succeeds", free(p), 0);
        expect("double free", free(p), -EINVAL);
    }
    char st[STATS_SIZE];
    expect("stats", stats(st, sizeof(st)), STATS_SIZE);
    expect("getpid", getpid() > 0, 1);
}

int main(const char *args)
{
    (void)args;
    bad_pointers();
    bad_values();
    good_calls();
    printf("validate: %d checks, %d failed\n", checks, failures);
    return failures ? 1 : 0;
}

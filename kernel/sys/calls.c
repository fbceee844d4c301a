/*
 * The syscalls themselves. Each checks its arguments first (descriptor,
 * range, pointer) and only then acts, so a refused call has no effect.
 * User pointers arrive as plain numbers and become a uptr at once.
 */
#include "syscall.h"
#include "console.h"
#include "drivers.h"
#include "kernel.h"
#include "mm.h"
#include "sched.h"
#include "shell.h"
#include "uaccess.h"

#define MAX_SLEEP_MS 60000
#define MAX_ALLOC (16u << 20)
#define USER_HEAP_END 0x7FFF0000u      /* results must stay positive as an int */

int sys_exit(u32 code, u32 b, u32 c, u32 d, u32 e)
{
    (void)b, (void)c, (void)d, (void)e;
    task_exit(code);
}

int sys_yield(u32 a, u32 b, u32 c, u32 d, u32 e)
{
    (void)a, (void)b, (void)c, (void)d, (void)e;
    task_yield();
    return 0;
}

int sys_sleep(u32 ms, u32 b, u32 c, u32 d, u32 e)
{
    (void)b, (void)c, (void)d, (void)e;
    if (ms > MAX_SLEEP_MS)
        return -EINVAL;
    task_sleep(ms);
    return 0;
}

int sys_getpid(u32 a, u32 b, u32 c, u32 d, u32 e)
{
    (void)a, (void)b, (void)c, (void)d, (void)e;
    return (int)task_current_id();
}

int sys_write(u32 fd, u32 buf, u32 len, u32 d, u32 e)
{
    (void)d, (void)e;
    if (fd != FD_CONSOLE_OUT && fd != FD_NULL)
        return -EBADF;
    int err = uaccess_check(task_self()->pagedir, uptr_of(buf), len, false);
    if (err)
        return err;
    char chunk[256];
    for (u32 done = 0; done < len;) {
        u32 n = len - done < sizeof(chunk) ? len - done : sizeof(chunk);
        copy_in(chunk, uptr_of(buf + done), n);
        if (fd == FD_CONSOLE_OUT)
            console_write(chunk, n);
        done += n;
    }
    return (int)len;
}

/* Blocks until at least one byte has arrived, then takes what is there. */
int sys_read(u32 fd, u32 buf, u32 len, u32 d, u32 e)
{
    (void)d, (void)e;
    if (fd != FD_CONSOLE_IN)
        return -EBADF;
    int err = uaccess_check(task_self()->pagedir, uptr_of(buf), len, true);
    if (err || len == 0)
        return err;
    char chunk[64];
    u32 n = 0;
    chunk[n++] = (char)console_getc();
    for (int c; n < len && n < sizeof(chunk) && (c = serial_getc()) >= 0;)
        chunk[n++] = (char)c;
    copy_out(uptr_of(buf), chunk, n);
    return (int)n;
}

int sys_alloc(u32 len, u32 b, u32 c, u32 d, u32 e)
{
    (void)b, (void)c, (void)d, (void)e;
    if (len == 0)
        return -EINVAL;
    if (len > MAX_ALLOC)
        return -ENOMEM;
    struct task *t = task_self();
    u32 pages = PAGE_ROUND_UP(len) / PAGE_SIZE;
    struct user_alloc *slot = NULL;
    for (u32 i = 0; i < USER_ALLOCS && !slot; i++)
        if (!t->allocs[i].pages)
            slot = &t->allocs[i];
    if (!slot || t->heap_next + pages * PAGE_SIZE > USER_HEAP_END)
        return -ENOMEM;
    if (!mm_charge(t->id, pages * PAGE_SIZE, true))
        return -ENOMEM;                             /* over the task's budget */
    u32 base = t->heap_next;
    for (u32 i = 0; i < pages; i++) {
        if (!vm_map_new(t->pagedir, base + i * PAGE_SIZE, t->id, true)) {
            while (i--)
                vm_unmap(t->pagedir, base + i * PAGE_SIZE);
            mm_charge(t->id, pages * PAGE_SIZE, false);
            return -ENOMEM;
        }
    }
    t->heap_next += pages * PAGE_SIZE;
    slot->addr = base;
    slot->pages = pages;
    return (int)base;
}

int sys_free(u32 addr, u32 b, u32 c, u32 d, u32 e)
{
    (void)b, (void)c, (void)d, (void)e;
    struct task *t = task_self();
    for (u32 i = 0; i < USER_ALLOCS; i++) {
        struct user_alloc *a = &t->allocs[i];
        if (a->pages && a->addr == addr) {
            for (u32 p = 0; p < a->pages; p++)
                vm_unmap(t->pagedir, addr + p * PAGE_SIZE);
            mm_charge(t->id, a->pages * PAGE_SIZE, false);
            a->pages = 0;
            return 0;
        }
    }
    return -EINVAL;
}

int sys_spawn(u32 name, u32 len, u32 c, u32 d, u32 e)
{
    (void)c, (void)d, (void)e;
    char what[64];
    if (len == 0)
        return -ENOENT;
    int err = copy_in_string(what, sizeof(what), uptr_of(name), len);
    if (err)
        return err;
    return user_spawn(what, task_current_id());
}

int sys_wait(u32 pid, u32 status, u32 c, u32 d, u32 e)
{
    (void)c, (void)d, (void)e;
    if (status) {
        if (status & 3)
            return -EINVAL;                         /* a u32 must be aligned */
        int err = uaccess_check(task_self()->pagedir, uptr_of(status), 4, true);
        if (err)
            return err;
    }
    int code;
    int err = user_wait(pid, task_current_id(), &code);
    if (err)
        return err;
    return status ? copy_out(uptr_of(status), &code, 4) : 0;
}

int sys_time(u32 a, u32 b, u32 c, u32 d, u32 e)
{
    (void)a, (void)b, (void)c, (void)d, (void)e;
    return (int)(timer_us() / 1000);
}

int sys_stats(u32 buf, u32 len, u32 c, u32 d, u32 e)
{
    (void)c, (void)d, (void)e;
    if (len < STATS_SIZE)
        return -EINVAL;
    struct heap_stats h;
    heap_stats(&h);
    u32 s[STATS_SIZE / 4];
    s[STATS_OFF_UPTIME_MS / 4] = (u32)(timer_us() / 1000);
    s[STATS_OFF_TASKS / 4] = task_count();
    s[STATS_OFF_RUNNABLE / 4] = sched_runq_depth();
    s[STATS_OFF_FRAMES_FREE / 4] = frames_free();
    s[STATS_OFF_FRAMES_TOTAL / 4] = frames_total();
    s[STATS_OFF_HEAP_USED / 4] = h.used;
    s[STATS_OFF_HEAP_SIZE / 4] = h.size;
    s[STATS_OFF_SYSCALLS / 4] = syscall_count();
    s[STATS_OFF_SYSCALL_ERRORS / 4] = syscall_errors();
    int err = copy_out(uptr_of(buf), s, STATS_SIZE);
    return err ? err : STATS_SIZE;
}

/* Only a task the kernel started itself (the shell, parent 0) may drive the
   monitor: a program the shell runs cannot power the machine off. The
   privilege check comes first, before the arguments are even looked at. */
int sys_kctl(u32 cmd, u32 len, u32 c, u32 d, u32 e)
{
    (void)c, (void)d, (void)e;
    if (task_self()->parent != 0)
        return -EPERM;
    char line[128];
    if (len == 0)
        return -EINVAL;
    int err = copy_in_string(line, sizeof(line), uptr_of(cmd), len);
    if (err)
        return err;
    return shell_exec(line) ? 0 : -ENOENT;
}

/*
 * The syscall gate: `int 0x80` from ring 3 lands here with the caller's
 * registers. Look up the number, run the handler, put the result in EAX.
 * Every call is counted, every refusal counted by error code, and with
 * `trace on` each one is printed like strace: the API boundary, visible.
 */
#include "syscall.h"
#include "drivers.h"
#include "kernel.h"
#include "printf.h"
#include "sched.h"
#include "shell.h"
#include "string.h"
#include "trap.h"
#include "x86.h"

typedef int (*sys_fn)(u32 a, u32 b, u32 c, u32 d, u32 e);

int sys_exit(u32, u32, u32, u32, u32);
int sys_yield(u32, u32, u32, u32, u32);
int sys_sleep(u32, u32, u32, u32, u32);
int sys_getpid(u32, u32, u32, u32, u32);
int sys_write(u32, u32, u32, u32, u32);
int sys_read(u32, u32, u32, u32, u32);
int sys_alloc(u32, u32, u32, u32, u32);
int sys_free(u32, u32, u32, u32, u32);
int sys_spawn(u32, u32, u32, u32, u32);
int sys_wait(u32, u32, u32, u32, u32);
int sys_time(u32, u32, u32, u32, u32);
int sys_stats(u32, u32, u32, u32, u32);
int sys_kctl(u32, u32, u32, u32, u32);

static const struct {
    const char *name;
    sys_fn fn;
    u32 args;                  /* SYS_*_ARGS: one hex digit per argument kind */
} table[SYS_COUNT] = {
    [SYS_EXIT] = { "exit", sys_exit, SYS_EXIT_ARGS },
    [SYS_YIELD] = { "yield", sys_yield, SYS_YIELD_ARGS },
    [SYS_SLEEP] = { "sleep", sys_sleep, SYS_SLEEP_ARGS },
    [SYS_GETPID] = { "getpid", sys_getpid, SYS_GETPID_ARGS },
    [SYS_WRITE] = { "write", sys_write, SYS_WRITE_ARGS },
    [SYS_READ] = { "read", sys_read, SYS_READ_ARGS },
    [SYS_ALLOC] = { "alloc", sys_alloc, SYS_ALLOC_ARGS },
    [SYS_FREE] = { "free", sys_free, SYS_FREE_ARGS },
    [SYS_SPAWN] = { "spawn", sys_spawn, SYS_SPAWN_ARGS },
    [SYS_WAIT] = { "wait", sys_wait, SYS_WAIT_ARGS },
    [SYS_TIME] = { "time", sys_time, SYS_TIME_ARGS },
    [SYS_STATS] = { "stats", sys_stats, SYS_STATS_ARGS },
    [SYS_KCTL] = { "kctl", sys_kctl, SYS_KCTL_ARGS },
};

static const char *error_names[ERR_COUNT] = {
    [EPERM] = "EPERM", [ENOENT] = "ENOENT", [ESRCH] = "ESRCH", [EBADF] = "EBADF",
    [ECHILD] = "ECHILD", [EAGAIN] = "EAGAIN", [ENOMEM] = "ENOMEM", [EFAULT] = "EFAULT",
    [EINVAL] = "EINVAL", [ENAMETOOLONG] = "ENAMETOOLONG", [ENOSYS] = "ENOSYS",
};

static bool tracing;
static u32 trace_task;                 /* 0: every task */
static u32 calls, errors, by_error[ERR_COUNT];

static void trace(u32 num, const u32 *arg, int result)
{
    struct task *t = task_self();
    const char *name = num < SYS_COUNT && table[num].name ? table[num].name : "?";
    char line[160];
    int n = ksnprintf(line, sizeof(line), "[%u %s] %s(", t->id, t->name, name);
    u32 kinds = num < SYS_COUNT ? table[num].args : 0x11111;
    for (u32 i = 0; kinds >> (4 * i) && i < 5; i++) {
        u32 kind = (kinds >> (4 * i)) & 0xF;
        bool ptr = kind == ARG_PTR_IN || kind == ARG_PTR_OUT || kind == ARG_ADDR || kind == ARG_PTR_U32;
        n += ksnprintf(line + n, sizeof(line) - n, ptr ? "%s0x%x" : "%s%d", i ? ", " : "", arg[i]);
    }
    if (result < 0 && -result < ERR_COUNT && error_names[-result])
        kprintf("%s) = %d %s\n", line, result, error_names[-result]);
    else
        kprintf("%s) = %d\n", line, result);
}

void syscall_dispatch(struct trapframe *tf)
{
    u32 num = tf->eax;
    u32 arg[5] = { tf->ebx, tf->ecx, tf->edx, tf->esi, tf->edi };
    u16 tnum = num < SYS_COUNT ? (u16)num : 0xFFFF;
    telemetry_emit_task(TEL_EV_SYSCALL_ENTER, tnum, task_current_id(), arg, 16);
    u64 start = timer_us();
    calls++;
    sti();                           /* a syscall may block; let the clock tick meanwhile */
    int result = num < SYS_COUNT && table[num].fn ? table[num].fn(arg[0], arg[1], arg[2], arg[3], arg[4])
                                                  : -ENOSYS;
    cli();
    if (result < 0) {
        errors++;
        if (-result < ERR_COUNT)
            by_error[-result]++;
    }
    u32 payload[2] = { (u32)result, (u32)(timer_us() - start) };
    telemetry_emit_task(TEL_EV_SYSCALL_EXIT, tnum, task_current_id(), payload, sizeof(payload));
    if (tracing && (!trace_task || trace_task == task_current_id()))
        trace(num, arg, result);
    tf->eax = (u32)result;
}

void syscall_trace(bool on) { tracing = on; }
u32 syscall_count(void) { return calls; }
u32 syscall_errors(void) { return errors; }
u32 syscall_errors_of(u32 err) { return err < ERR_COUNT ? by_error[err] : 0; }

static void cmd_trace(int argc, char **argv)
{
    u32 id = 0;
    bool on = argc >= 2 && strcmp(argv[1], "on") == 0;
    if ((on && (argc == 2 || (argc == 3 && parse_u32(argv[2], &id)))) ||
        (argc == 2 && strcmp(argv[1], "off") == 0)) {
        tracing = on;
        trace_task = id;
        if (on && id)
            kprintf("syscall trace on for task %u\n", id);
        else
            kprintf("syscall trace %s\n", on ? "on" : "off");
        return;
    }
    kprintf("usage: trace on [ID] | off   (now %s; %u syscalls, %u refused:",
            tracing ? "on" : "off", calls, errors);
    for (u32 e = 1; e < ERR_COUNT; e++)
        if (by_error[e])
            kprintf(" %s %u", error_names[e], by_error[e]);
    kprintf(")\n");
}
SHELL_COMMAND(trace, "trace on [ID]|off", "print every syscall (of one task) with its arguments and result");

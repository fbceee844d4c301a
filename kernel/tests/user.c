/*
 * User-mode tests (phase 4): programs from kernel/user run in ring 3 and
 * the kernel checks what came back. Like xv6's usertests, they compare
 * free frames and heap bytes before and after: a syscall path that leaks
 * even one frame fails.
 */
#include "ktest.h"
#include "mm.h"
#include "printf.h"
#include "sched.h"
#include "string.h"
#include "syscall.h"

struct snapshot {
    u32 frames, heap_used;
};

static struct snapshot snapshot(void)
{
    struct heap_stats h;
    task_sleep(30);                  /* let the reaper free the last exits */
    heap_stats(&h);
    return (struct snapshot){ frames_free(), h.used };
}

static void expect_same(struct snapshot before)
{
    struct snapshot after = snapshot();
    kprintf("user: frames free %u -> %u, kernel heap used %u -> %u\n",
            before.frames, after.frames, before.heap_used, after.heap_used);
    if (after.frames != before.frames || after.heap_used != before.heap_used)
        ktest_fail("memory was not all returned");
}

static int run(const char *what)
{
    int pid = user_spawn(what, task_current_id());
    if (pid < 0)
        ktest_fail("spawn failed");
    int code = -1;
    if (user_wait((u32)pid, task_current_id(), &code) < 0)
        ktest_fail("wait failed");
    kprintf("user: '%s' (task %d) exited with status %d\n", what, pid, code);
    return code;
}

/* test=user prog=NAME: one program must exit with status 0. */
void test_user(void)
{
    const char *prog = cmdline_get("prog");
    struct snapshot before = snapshot();
    if (run(prog ? prog : "hello") != 0)
        ktest_fail("the program failed");
    expect_same(before);
}

/* Faulting user tasks die alone; a well-behaved one finishes meanwhile. */
void test_user_isolation(void)
{
    static const char *crashes[] = { "crash null", "crash kernel", "crash div", "crash stack", "crash ud" };
    static const int want[] = { 128 + 14, 128 + 14, 128 + 0, 128 + 14, 128 + 6 };
    struct snapshot before = snapshot();
    u32 self = task_current_id();
    int worker = user_spawn("worker", self);
    for (u32 i = 0; i < 5; i++) {                /* one at a time: a readable report */
        int code = -1;
        int pid = user_spawn(crashes[i], self);
        user_wait((u32)pid, self, &code);
        kprintf("user: '%s' exited with status %d\n", crashes[i], code);
        if (code != want[i])
            ktest_fail("a crashing task did not die of its own fault");
    }
    int code = -1;
    user_wait((u32)worker, self, &code);
    kprintf("user: worker exited with status %d\n", code);
    if (code != 0)
        ktest_fail("the well-behaved task did not finish");
    expect_same(before);
}

/* test=syscall-fuzz seed=N count=M tasks=T: random syscalls from T tasks. */
void test_syscall_fuzz(void)
{
    u32 seed = ktest_param("seed", 12345);
    u32 count = ktest_param("count", 25000);
    u32 tasks = ktest_param("tasks", 4);
    int pids[8];
    if (tasks > 8)
        tasks = 8;
    kprintf("syscall-fuzz: seed %u, %u tasks x %u syscalls\n", seed, tasks, count);
    struct snapshot before = snapshot();
    u32 calls0 = syscall_count();
    for (u32 i = 0; i < tasks; i++) {
        char what[48];
        ksnprintf(what, sizeof(what), "fuzz seed=%u count=%u", seed + i, count);
        pids[i] = user_spawn(what, task_current_id());
        if (pids[i] < 0)
            ktest_fail("spawn failed");
        mm_set_budget((u32)pids[i], 256 * 1024);
    }
    for (u32 i = 0; i < tasks; i++) {
        int code = -1;
        user_wait((u32)pids[i], task_current_id(), &code);
        if (code != 0)
            ktest_fail("a fuzz task did not finish cleanly");
    }
    kprintf("syscall-fuzz: %u syscalls made, kernel still standing\n", syscall_count() - calls0);
    expect_same(before);
}

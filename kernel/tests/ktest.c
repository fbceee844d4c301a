/*
 * Kernel tests: `test=NAME` on the command line runs one of these instead
 * of the shell. A test prints what it checks, then powers off with EXIT_OK
 * or EXIT_TEST_FAILED; the host (tools/ and machine/node/) compares the
 * serial output with kernel/tests/NAME.test, Pintos-style.
 */
#include "ktest.h"
#include "faults.h"
#include "printf.h"
#include "sched.h"
#include "string.h"

static const struct ktest tests[] = {
    { "timer", test_timer },
    { "telemetry", test_telemetry },
    { "bench-loop", test_bench_loop },
    { "heap-random", test_heap_random },
    { "budget", test_budget },
    { "frames", test_frames },
    { "bench-heap", test_bench_heap },
    { "bad-free", test_bad_free },
    { "user", test_user },
    { "user-isolation", test_user_isolation },
    { "syscall-fuzz", test_syscall_fuzz },
    { "sched-fair", test_sched_fair },
    { "sched-starve", test_sched_starve },
    { "sched-sleep", test_sched_sleep },
    { "sched-race", test_sched_race },
    { "sched-deadlock", test_sched_deadlock },
    { "sched-pool", test_sched_pool },
    { "sched-kill", test_sched_kill },
    { "stack-overflow", test_stack_overflow },
    { "task-fault", test_task_fault },
    { "bench-switch", test_bench_switch },
    { "bench-calls", test_bench_calls },
};

void ktest_fail(const char *what)
{
    kprintf("FAIL: %s\n", what);
    power_off(EXIT_TEST_FAILED);
}

u32 ktest_param(const char *key, u32 fallback)
{
    const char *v = cmdline_get(key);
    u32 n;
    return v && parse_u32(v, &n) ? n : fallback;
}

/* test=fault-NAME: the named fault must end in the panic screen. */
static void run_fault(const char *name)
{
    const struct fault *f = fault_find(name);
    if (!f) {
        kprintf("unknown fault '%s'\n", name);
        power_off(EXIT_BAD_CMDLINE);
    }
    if (!fault_supported(f)) {
        kprintf("%s does not emulate the %s fault\n", engine_name(), f->name);
        power_off(EXIT_BAD_CMDLINE);
    }
    kprintf("test: raising %s (vector %u)\n", f->name, f->vector);
    fault_raise(f);
    ktest_fail("the CPU did not fault");
}

/* Tests run as a task ("test", task 1, where the shell would be), so they
   can create tasks, sleep and wait like any other task. */
static void test_task(void *arg)
{
    const char *name = arg;
    if (str_starts(name, "fault-"))
        run_fault(name + 6);
    for (u32 i = 0; i < ARRAY_LEN(tests); i++) {
        if (strcmp(tests[i].name, name) == 0) {
            tests[i].run();
            kprintf("PASS %s\n", name);
            power_off(EXIT_OK);
        }
    }
    kprintf("unknown test '%s'\n", name);
    power_off(EXIT_BAD_CMDLINE);
}

void ktest_run(const char *name)
{
    kprintf("test: %s\n", name);
    task_create("test", test_task, (void *)name);
    sched_start_idle();
}

/*
 * The scheduler's shell commands: ps and top show every task's state and
 * CPU use with the run-queue depth (a server's "how many requests are
 * waiting for a worker?"); kill ends a task; sched switches the scheduler;
 * spawn starts a background task to watch with ps and top.
 */
#include "sched.h"
#include "kernel.h"
#include "drivers.h"
#include "mm.h"
#include "printf.h"
#include "shell.h"
#include "string.h"

static const char *wait_name(u32 reason)
{
    static const char *names[] = { "", "input", "lock", "semaphore", "queue", "sleep", "task" };
    return reason < ARRAY_LEN(names) ? names[reason] : "?";
}

static void summary(void)
{
    u32 n = 0;
    for (u32 i = 0; i < MAX_TASKS; i++)
        n += task_slot(i)->state != TASK_UNUSED;
    kprintf("scheduler %s, slice %u ms; run queue %u; %u tasks; up %u ms\n",
            sched_mode_name(sched_mode()), sched_slice_ms(), sched_runq_depth(), n,
            (u32)(timer_us() / 1000));
}

/* One line per task; cpu = ticks since boot, or percent when `pct` is given. */
static void task_table(const u32 *pct)
{
    kprintf("  id name             state     wait       %s  switches  stack used  heap bytes\n",
            pct ? " cpu %" : "cpu ticks");
    for (u32 i = 0; i < MAX_TASKS; i++) {
        struct task *t = task_slot(i);
        if (t->state == TASK_UNUSED)
            continue;
        kprintf("%4u %-16s %-9s %-9s %9u %9u %11u %11u\n", t->id, t->name,
                task_state_name(t->state), wait_name(t->wait_reason),
                pct ? pct[i] : t->cpu_ticks, t->switches, task_stack_used(t),
                mm_task_heap(t->id));
    }
}

static void cmd_ps(int argc, char **argv)
{
    (void)argc, (void)argv;
    summary();
    task_table(NULL);
}

/* Sleep up to ms, in short naps; true if a key was pressed meanwhile. */
static bool key_within(u32 ms)
{
    u64 end = timer_us() + (u64)ms * 1000;    /* the TSC: v86's ticks can lag */
    while (timer_us() < end) {
        if (serial_getc() >= 0)
            return true;
        task_sleep(50);
    }
    return false;
}

static void cmd_top(int argc, char **argv)
{
    (void)argc, (void)argv;
    u32 before[MAX_TASKS], pct[MAX_TASKS];
    while (serial_getc() >= 0)
        ;                          /* the rest of the line that ran top is not "a key" */
    do {
        u32 t0 = timer_ticks();
        for (u32 i = 0; i < MAX_TASKS; i++)
            before[i] = task_slot(i)->cpu_ticks;
        if (key_within(1000))
            break;
        u32 span = timer_ticks() - t0;
        for (u32 i = 0; i < MAX_TASKS; i++)
            pct[i] = span ? (task_slot(i)->cpu_ticks - before[i]) * 100 / span : 0;
        kprintf("\n");
        summary();
        task_table(pct);
        kprintf("(top: refreshing every second; press any key to stop)\n");
    } while (1);
}

static void cmd_kill(int argc, char **argv)
{
    u32 id;
    if (argc != 2) {
        kprintf("usage: kill ID (see ps for the ids)\n");
        return;
    }
    if (!parse_u32(argv[1], &id)) {
        kprintf("kill: '%s' is not a task id (a number from ps)\n", argv[1]);
        return;
    }
    if (id == IDLE_TASK || id == task_current_id()) {
        kprintf("kill: task %u '%s' is %s; refusing\n", id, task_name(id),
                id == IDLE_TASK ? "the idle task that runs when nothing else can"
                                : "this shell: nothing would be left to type into");
        return;
    }
    const char *name = task_name(id);
    if (task_kill(id) < 0) {
        kprintf("kill: no task %u (see ps)\n", id);
        return;
    }
    kprintf("killed task %u '%s'\n", id, name);
}

static void cmd_sched(int argc, char **argv)
{
    u32 slice = 0;
    if (argc == 1) {
        summary();
        return;
    }
    bool coop = strcmp(argv[1], "coop") == 0, rr = strcmp(argv[1], "rr") == 0;
    if (argc > 3 || (!coop && !rr)) {
        kprintf("usage: sched coop|rr [slice_ms]  (unknown mode '%s')\n", argv[1]);
        return;
    }
    if (argc == 3 && (!parse_u32(argv[2], &slice) || slice < 1 || slice > 1000)) {
        kprintf("sched: time slice '%s' must be 1..1000 ms\n", argv[2]);
        return;
    }
    sched_set_mode(coop ? TEL_SCHED_COOP : TEL_SCHED_RR, slice);
    kprintf("scheduler: %s", coop ? "coop (tasks run until they yield, block or sleep)"
                                   : "rr (the timer preempts a task after its slice)");
    if (rr)
        kprintf(", slice %u ms", sched_slice_ms());
    if (rr && slice && slice != sched_slice_ms())
        kprintf(" (rounded to whole %u ms timer ticks)", 1000 / TICK_HZ);
    kprintf("\n");
}

static void spin(void *arg)
{
    (void)arg;
    for (;;)
        ;
}

static void sleeper(void *arg)
{
    (void)arg;
    for (;;)
        task_sleep(1000);
}

static void cmd_spawn(int argc, char **argv)
{
    bool is_spin = argc == 2 && strcmp(argv[1], "spin") == 0;
    if (argc != 2 || (!is_spin && strcmp(argv[1], "sleeper") != 0)) {
        kprintf("usage: spawn spin|sleeper  (a task that burns CPU, or one that sleeps)\n");
        return;
    }
    if (is_spin && sched_mode() == TEL_SCHED_COOP) {
        kprintf("spawn: under coop a task that never yields keeps the CPU forever and this\n"
                "shell would never run again; try 'sched rr' first, or 'demo hog'\n");
        return;
    }
    u32 id = task_create(argv[1], is_spin ? spin : sleeper, NULL);
    if (!id)
        kprintf("spawn: no room for another task\n");
    else
        kprintf("started task %u '%s' (kill %u to stop it)\n", id, argv[1], id);
}

SHELL_COMMAND(ps, "ps", "the tasks: state, CPU ticks, switches, stack, heap");
SHELL_COMMAND(top, "top", "ps every second with CPU %, until a key is pressed");
SHELL_COMMAND(kill, "kill ID", "end a task and free its stack, heap and locks");
SHELL_COMMAND(sched, "sched [coop|rr [ms]]", "show or switch the scheduler and its time slice");
SHELL_COMMAND(spawn, "spawn spin|sleeper", "start a background task to watch with ps/top");

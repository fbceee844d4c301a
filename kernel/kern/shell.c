/*
 * The monitor shell on the console: read a line, split it into words, run
 * the command of that name. It is the kernel's main loop for now; in phase 4
 * it moves to user mode. Commands stay small: each prints what it knows.
 */
#include "kernel.h"
#include "console.h"
#include "drivers.h"
#include "faults.h"
#include "printf.h"
#include "string.h"
#include "shell.h"

#define LINE_MAX 128
#define MAX_ARGS 8

/* Commands live in a linker section (see shell.h): any subsystem adds its
   own with SHELL_COMMAND, and the shell finds them all between these two. */
extern const struct command __start_shell_commands[], __stop_shell_commands[];

static void cmd_boot(int argc, char **argv)
{
    (void)argc, (void)argv;
    const struct boot_step *s;
    u32 n = boot_steps(&s);
    kprintf("init step        start us   took us\n");
    for (u32 i = 0; i < n; i++)
        kprintf("  %-12s %10u %9u\n", s[i].name, (u32)s[i].start_us,
                (u32)(s[i].end_us - s[i].start_us));
    kprintf("kernel entry to ready: %u us (tsc %u cycles/us)\n",
            (u32)boot_done_us(), timer_tsc_per_us());
}

static void cmd_uptime(int argc, char **argv)
{
    (void)argc, (void)argv;
    u32 ms = (u32)(timer_us() / 1000);
    kprintf("up %u.%03u s, %u ticks at %u Hz\n", ms / 1000, ms % 1000, timer_ticks(), TICK_HZ);
    kprintf("telemetry: %u events written, %u dropped; serial input dropped %u\n",
            telemetry_written(), telemetry_dropped(), serial_rx_dropped());
}

static void cmd_log(int argc, char **argv)
{
    (void)argc, (void)argv;
    log_dump();
}

static void cmd_panic(int argc, char **argv)
{
    const char *name = argc > 1 ? argv[1] : "divide";
    const struct fault *f = fault_find(name);
    if (!f) {
        const struct fault *all;
        u32 n = faults_list(&all);
        kprintf("panic: no fault named '%s'; try one of:", name);
        for (u32 i = 0; i < n; i++)
            kprintf(" %s", all[i].name);
        kprintf("\n");
        return;
    }
    if (!fault_supported(f)) {
        kprintf("panic: %s does not emulate the %s fault; try it under the other engine\n",
                engine_name(), f->name);
        return;
    }
    klog(TEL_LOG_WARN, "shell: deliberate %s fault", f->name);
    fault_raise(f);
    kprintf("panic: the CPU did not fault on '%s'\n", f->name);
}

static void cmd_poweroff(int argc, char **argv)
{
    (void)argc, (void)argv;
    klog(TEL_LOG_INFO, "shell: poweroff");
    power_off(EXIT_OK);
}

static void cmd_pci(int argc, char **argv)
{
    (void)argc, (void)argv;
    pci_list();
}


/* List the commands in alphabetical order: print the smallest name that
   comes after the one printed last. */
static void cmd_help(int argc, char **argv)
{
    (void)argc, (void)argv;
    kprintf("commands:\n");
    const char *last = "";
    for (;;) {
        const struct command *next = NULL;
        for (const struct command *c = __start_shell_commands; c < __stop_shell_commands; c++)
            if (strcmp(c->name, last) > 0 && (!next || strcmp(c->name, next->name) < 0))
                next = c;
        if (!next)
            break;
        kprintf("  %-22s %s\n", next->usage, next->help);
        last = next->name;
    }
}

/* Read one line with echo and backspace. Escape sequences (arrows) are skipped. */
static u32 read_line(char *buf, u32 size)
{
    u32 len = 0;
    int esc = 0;
    for (;;) {
        int c = console_getc();
        if (esc) {                       /* ESC [ x: swallow two more bytes */
            esc = (esc == 1 && c == '[') ? 2 : 0;
            continue;
        }
        if (c == 0x1B) {
            esc = 1;
        } else if (c == '\r' || c == '\n') {
            console_puts("\n");
            buf[len] = 0;
            return len;
        } else if (c == '\b' || c == 0x7F) {
            if (len > 0) {
                len--;
                console_puts("\b \b");
            }
        } else if (c >= 0x20 && c < 0x7F && len + 1 < size) {
            buf[len++] = (char)c;
            console_write((char *)&buf[len - 1], 1);
        }
    }
}

static int split(char *line, char **argv)
{
    int argc = 0;
    char *p = line;
    while (*p && argc < MAX_ARGS) {
        while (*p == ' ')
            *p++ = 0;
        if (!*p)
            break;
        argv[argc++] = p;
        while (*p && *p != ' ')
            p++;
    }
    return argc;
}

/* Run one command line; false when no command has that name. The user
   shell reaches this through SYS_KCTL. */
bool shell_exec(char *line)
{
    char *argv[MAX_ARGS];
    int argc = split(line, argv);
    if (argc == 0)
        return true;
    for (const struct command *c = __start_shell_commands; c < __stop_shell_commands; c++) {
        if (strcmp(argv[0], c->name) == 0) {
            c->run(argc, argv);
            return true;
        }
    }
    return false;
}

static void run_line(char *line)
{
    char first[32];
    u32 n = 0;
    while (line[n] == ' ')
        line++;
    while (line[n] && line[n] != ' ' && n < sizeof(first) - 1) {
        first[n] = line[n];
        n++;
    }
    first[n] = 0;
    if (!shell_exec(line))
        kprintf("unknown command '%s' (type 'help' for the list)\n", first);
}

SHELL_COMMAND(help, "help", "list the commands");
SHELL_COMMAND(boot, "boot", "the init steps and how long each took");
SHELL_COMMAND(uptime, "uptime", "time since boot, timer ticks, telemetry counters");
SHELL_COMMAND(log, "log", "the kernel log");
SHELL_COMMAND(pci, "pci", "the PCI devices on bus 0");
SHELL_COMMAND(panic, "panic [fault]", "raise a CPU fault on purpose (default: divide)");
SHELL_COMMAND(poweroff, "poweroff", "turn the machine off");

void shell_run(void)
{
    char line[LINE_MAX];
    klog(TEL_LOG_INFO, "shell: ready");
    for (;;) {
        console_puts("minios> ");
        read_line(line, sizeof(line));
        run_line(line);
    }
}

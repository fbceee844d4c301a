/*
 * The `demo` command: each phase's demos register themselves with DEMO()
 * (shell.h) next to their code, and `demo NAME` runs one. Every demo ends
 * with one line that says what it means for a backend.
 */
#include "kernel.h"
#include "printf.h"
#include "shell.h"
#include "string.h"

extern const struct demo __start_demos[], __stop_demos[];

static void list(void)
{
    kprintf("demos (demo NAME):\n");
    for (const struct demo *d = __start_demos; d < __stop_demos; d++)
        kprintf("  %-10s %s\n", d->name, d->help);
}

static void cmd_demo(int argc, char **argv)
{
    if (argc < 2) {
        list();
        return;
    }
    for (const struct demo *d = __start_demos; d < __stop_demos; d++) {
        if (strcmp(d->name, argv[1]) == 0) {
            d->run(argc - 1, argv + 1);
            return;
        }
    }
    kprintf("demo: no demo named '%s'\n", argv[1]);
    list();
}

SHELL_COMMAND(demo, "demo [name]", "list the demos, or run one");

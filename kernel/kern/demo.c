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

/* In alphabetical order: each time, the smallest name after the last one. */
static void list(void)
{
    kprintf("demos (demo NAME):\n");
    const char *last = "";
    for (;;) {
        const struct demo *next = NULL;
        for (const struct demo *d = __start_demos; d < __stop_demos; d++)
            if (strcmp(d->name, last) > 0 && (!next || strcmp(d->name, next->name) < 0))
                next = d;
        if (!next)
            break;
        kprintf("  %-10s %s\n", next->name, next->help);
        last = next->name;
    }
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

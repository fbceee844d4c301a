/*
 * Shell commands. A subsystem adds a command with one line next to its code:
 *     SHELL_COMMAND(ps, "ps", "list the tasks");   // runs cmd_ps(argc, argv)
 * The linker gathers every such entry into the section "shell_commands", in
 * link order, and the shell walks that section (Linux's initcalls work alike).
 */
#ifndef SHELL_H
#define SHELL_H

struct command {
    const char *name, *usage, *help;
    void (*run)(int argc, char **argv);
};

#define SHELL_COMMAND(name, usage, help)                                   \
    static void cmd_##name(int argc, char **argv);                         \
    static const struct command shell_command_##name                       \
        __attribute__((section("shell_commands"), used, aligned(4))) =     \
        { #name, usage, help, cmd_##name }

/*
 * Demos for the shell's `demo` command, added the same way next to their code:
 *     DEMO(race, "a shared counter without a lock loses updates");
 *     // runs demo_race(argc, argv); `demo race ARGS` passes ARGS
 * The linker gathers them into the section "demos" (kern/demo.c walks it).
 */
struct demo {
    const char *name, *help;
    void (*run)(int argc, char **argv);
};

#define DEMO(name, help)                                                   \
    static void demo_##name(int argc, char **argv);                        \
    static const struct demo demo_entry_##name                             \
        __attribute__((section("demos"), used, aligned(4))) =              \
        { #name, help, demo_##name }

#endif

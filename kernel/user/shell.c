/*
 * The shell, in user mode. It reads a line through the read syscall, runs
 * `run PROGRAM [ARGS]` itself (spawn + wait), and hands every other line to
 * the kernel's monitor through SYS_KCTL, the one syscall that may ask the
 * kernel about itself (boot, log, mem, ps, ...). The shell has no more power
 * than any other user program: everything it does crosses the syscall gate.
 */
#include "ulib.h"
#include "string.h"

#define LINE_MAX 128

static u32 read_line(char *line, u32 size)
{
    u32 len = 0;
    int esc = 0;
    for (;;) {
        char c;
        if (read(0, &c, 1) != 1)
            continue;
        if (esc) {                       /* ESC [ x: an arrow key; ignore it */
            esc = (esc == 1 && c == '[') ? 2 : 0;
        } else if (c == 0x1B) {
            esc = 1;
        } else if (c == '\r' || c == '\n') {
            puts("\n");
            line[len] = 0;
            return len;
        } else if (c == '\b' || c == 0x7F) {
            if (len > 0) {
                len--;
                puts("\b \b");
            }
        } else if (c >= 0x20 && c < 0x7F && len + 1 < size) {
            line[len++] = c;
            write(1, &c, 1);
        }
    }
}

static void run(const char *what)
{
    int pid = spawn(what);
    if (pid < 0) {
        printf("run: cannot start '%s': %s\n", what, strerror(pid));
        return;
    }
    int status = 0;
    int r = wait(pid, &status);
    if (r < 0)
        printf("run: wait failed: %s\n", strerror(r));
    else
        printf("[task %d exited with status %d]\n", pid, status);
}

int main(const char *args)
{
    (void)args;
    char line[LINE_MAX];
    for (;;) {
        puts("minios> ");
        read_line(line, sizeof(line));
        const char *p = line;
        while (*p == ' ')
            p++;
        if (*p == 0)
            continue;
        if (str_starts(p, "run ")) {
            run(p + 4);
            continue;
        }
        int r = kctl(p);
        if (r == -ENOENT) {
            char word[32];
            u32 n = 0;
            while (p[n] && p[n] != ' ' && n < sizeof(word) - 1) {
                word[n] = p[n];
                n++;
            }
            word[n] = 0;
            printf("unknown command '%s' (type 'help' for the list)\n", word);
        } else if (r < 0) {
            printf("%s\n", strerror(r));
        }
    }
}

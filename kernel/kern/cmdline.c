/*
 * The multiboot command line, e.g. "test=timer burst=10000". Loaders differ:
 * QEMU and GRUB put the kernel's path first, v86 does not, so we keep only
 * words of the form key=value and ignore the rest.
 */
#include "kernel.h"
#include "string.h"

#define CMDLINE_MAX 256
#define MAX_WORDS 16

static char copy[CMDLINE_MAX];
static const char *keys[MAX_WORDS], *values[MAX_WORDS];
static u32 nwords;

void cmdline_init(const char *s)
{
    strlcpy(copy, s ? s : "", sizeof(copy));
    char *p = copy;
    while (*p && nwords < MAX_WORDS) {
        while (*p == ' ')
            *p++ = 0;
        char *word = p, *eq = NULL;
        while (*p && *p != ' ') {
            if (*p == '=' && !eq)
                eq = p;
            p++;
        }
        if (eq && eq > word) {
            *eq = 0;
            keys[nwords] = word;
            values[nwords] = eq + 1;
            nwords++;
        }
    }
}

const char *cmdline_get(const char *key)
{
    for (u32 i = 0; i < nwords; i++)
        if (strcmp(keys[i], key) == 0)
            return values[i];
    return NULL;
}

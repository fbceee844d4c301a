/*
 * A user program that breaks the rules on purpose: `crash null|kernel|div|
 * stack|ud`. The CPU faults in ring 3; the kernel kills this task alone,
 * reports why, and every other task carries on. A request handler that
 * crashes should take down the request, not the server.
 */
#include "ulib.h"
#include "string.h"

static int recurse(int n)
{
    volatile char pad[512];
    pad[0] = (char)n;
    if (n > 1000000)                 /* never true: 512 MiB of stack */
        return 0;
    return recurse(n + 1) + pad[0];
}

int main(const char *args)
{
    printf("crash: %s\n", args);
    if (strcmp(args, "null") == 0)
        *(volatile u32 *)0 = 1;
    else if (strcmp(args, "kernel") == 0)
        *(volatile u32 *)0x00100000 = 1;       /* the kernel's code: not a user page */
    else if (strcmp(args, "div") == 0)
        asm volatile("xor %%edx, %%edx; mov $1, %%eax; xor %%ecx, %%ecx; div %%ecx" : : : "eax", "ecx", "edx");
    else if (strcmp(args, "stack") == 0)
        recurse(0);
    else if (strcmp(args, "ud") == 0)
        asm volatile("ud2");
    else
        printf("usage: crash null|kernel|div|stack|ud\n");
    printf("crash: still alive, which is wrong\n");
    return 1;
}

/*
 * A syscall fuzzer: `fuzz seed=N count=M` makes M syscalls with random
 * numbers and arguments drawn from pools of the values that break kernels
 * (NULL, kernel addresses, unmapped pages, misaligned and wrapping ranges,
 * huge lengths, negative numbers). The kernel must answer every one with a
 * result or an error code; the seed makes a failure replayable.
 */
#include "ulib.h"
#include "string.h"

static u32 state;

static u32 rnd(void)
{
    state ^= state << 13;
    state ^= state >> 17;
    state ^= state << 5;
    return state;
}

static char buf[256];

static u32 pick_arg(void)
{
    switch (rnd() % 10) {
    case 0: return 0;
    case 1: return rnd() % 4;                          /* small numbers */
    case 2: return 0xFFFFFFFFu;                        /* -1 */
    case 3: return (u32)buf + rnd() % sizeof(buf);     /* a valid pointer, often misaligned */
    case 4: return 0x00100000u + rnd() % 0x100000;     /* the kernel */
    case 5: return USER_BASE + (rnd() % 0x40000000u);  /* user space, mostly unmapped */
    case 6: return USER_LIMIT - rnd() % 64;            /* the end of user space */
    case 7: return rnd() % 300;                        /* lengths */
    case 8: return 0x60000000u + (rnd() % 64) * 4096;  /* where alloc hands out memory */
    default: return rnd();
    }
}

static u32 u32_arg(const char *args, const char *key, u32 fallback)
{
    for (const char *p = args; *p; p++) {
        if (str_starts(p, key) && (p == args || p[-1] == ' ')) {
            u32 v;
            char word[16];
            u32 n = 0;
            for (p += strlen(key); *p && *p != ' ' && n < sizeof(word) - 1; p++)
                word[n++] = *p;
            word[n] = 0;
            return parse_u32(word, &v) ? v : fallback;
        }
    }
    return fallback;
}

int main(const char *args)
{
    u32 seed = u32_arg(args, "seed=", 1);
    u32 count = u32_arg(args, "count=", 25000);
    state = seed ? seed : 1;
    memset(buf, 'x', sizeof(buf));
    u32 errors = 0, ok = 0;
    for (u32 i = 0; i < count; i++) {
        u32 num = rnd() % (SYS_COUNT + 2);
        u32 a = pick_arg(), b = pick_arg(), c = pick_arg(), d = pick_arg(), e = pick_arg();
        if (num == SYS_EXIT)
            num = SYS_GETPID;          /* exiting would end the run early */
        if (num == SYS_READ && a == 0)
            a = 7;                     /* console input would wait for a human */
        if (num == SYS_SLEEP)
            a %= 4;
        if (num == SYS_SPAWN)
            b %= 8;                    /* random short names: never a real program */
        int r = syscall5(num, a, b, c, d, e);
        if (r < 0)
            errors++;
        else
            ok++;
    }
    printf("fuzz: seed %u, %u syscalls, %u refused, %u succeeded\n", seed, count, errors, ok);
    return 0;
}

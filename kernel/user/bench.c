/*
 * Syscall benchmarks for `npm run bench`: the cost of crossing the trust
 * boundary (a null syscall: getpid), and copy-in throughput (write to the
 * null descriptor: the kernel checks and copies every byte, then drops it).
 */
#include "ulib.h"

#define NULL_CALLS 200000
#define COPY_BYTES (64u << 20)
#define CHUNK 65536

static char buf[CHUNK];

int main(const char *args)
{
    (void)args;
    u32 t0 = time_ms();
    for (int i = 0; i < NULL_CALLS; i++)
        getpid();
    u32 t1 = time_ms();
    for (u32 done = 0; done < COPY_BYTES; done += CHUNK)
        if (write(FD_NULL, buf, CHUNK) != CHUNK)
            return 1;
    u32 t2 = time_ms();
    /* The guest clock has millisecond resolution here: report it in us. */
    printf("bench-null: %d syscalls in %u us\n", NULL_CALLS, (t1 - t0) * 1000);
    printf("bench-copy: %u bytes in %u us\n", COPY_BYTES, (t2 - t1) * 1000);
    return 0;
}

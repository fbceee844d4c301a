/* A well-behaved task: some work, a little sleep, a clean exit. */
#include "ulib.h"

int main(const char *args)
{
    (void)args;
    u32 x = 1;
    for (int round = 0; round < 5; round++) {
        for (int i = 0; i < 100000; i++)
            x = x * 1103515245u + 12345u;
        sleep(5);
    }
    printf("worker %d: done (%x)\n", getpid(), x & 0xF);
    return 0;
}

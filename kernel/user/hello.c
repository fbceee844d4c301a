/* The smallest user program: it says hello through the write syscall. */
#include "ulib.h"

int main(const char *args)
{
    printf("hello from user mode: task %d, args '%s'\n", getpid(), args);
    return 0;
}

/*
 * Starts a child and exits at once, before the child has run: the child
 * must not depend on anything its parent owned (a regression test for a
 * start record the parent's exit freed under the child).
 */
#include "ulib.h"

int main(const char *args)
{
    (void)args;
    int pid = spawn("hello orphan");
    printf("spawner: started task %d, exiting now\n", pid);
    return pid > 0 ? 0 : 1;
}

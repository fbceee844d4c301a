/*
 * Memory demos: `demo leak`, `demo oom`, `demo fragment`. Each one runs the
 * bug on purpose in its own task, prints what happened in numbers, and ends
 * with the backend lesson. Watch the studio's memory panel while they run.
 */
#include "mm.h"
#include "kernel.h"
#include "printf.h"
#include "sched.h"
#include "shell.h"

static void show_heap(const char *when)
{
    struct heap_stats h;
    heap_stats(&h);
    u32 frag = h.free ? 100 - (u32)((u64)h.largest_free * 100 / h.free) : 0;
    kprintf("  %-22s heap %6u bytes, used %6u, %3u free blocks, largest free %6u, fragmentation %u%%\n",
            when, h.size, h.used, h.free_blocks, h.largest_free, frag);
}

/* A request handler that caches every response "for later" and never frees. */
static void leaky(void *arg)
{
    u32 rounds = (u32)arg;
    for (u32 i = 1; i <= rounds; i++) {
        kmalloc(1024);                     /* the pointer is dropped: a leak */
        if (i % 10 == 0)
            kprintf("  leaky: %u requests served, holding %u bytes of heap\n",
                    i, mm_task_heap(task_current_id()));
        task_sleep(20);
    }
}

DEMO(leak, "a task allocates for every request and never frees");
static void demo_leak(int argc, char **argv)
{
    (void)argc, (void)argv;
    show_heap("before:");
    u32 id = task_create("leaky", leaky, (void *)40);
    task_join(id);
    show_heap("after it exited:");
    kprintf("leak: the heap grew with every request until the task ended; the kernel\n"
            "  reclaimed its blocks (see `log`). Takeaway: memory that grows with traffic\n"
            "  and never comes back is a leak, and only a per-owner tag shows whose it is.\n");
}

/* Allocates 8 KiB at a time until the budget says no. */
static void greedy(void *arg)
{
    (void)arg;
    u32 got = 0;
    while (kmalloc(8 * 1024))
        got += 8;
    kprintf("  greedy: refused after %u KiB: out of memory for this task, not the machine\n", got);
}

static void modest(void *arg)
{
    (void)arg;
    void *p = kmalloc(4096);
    kprintf("  modest: got its 4 KiB %s\n", p ? "as usual" : "-- refused (wrong!)");
    kfree(p);
}

DEMO(oom, "a task over its memory budget is refused; the others are not");
static void demo_oom(int argc, char **argv)
{
    (void)argc, (void)argv;
    u32 g = task_create("greedy", greedy, NULL);
    if (g)
        mm_set_budget(g, 64 * 1024);
    task_join(g);
    u32 m = task_create("modest", modest, NULL);
    task_join(m);
    kprintf("oom: the greedy task hit its 64 KiB budget and got NULL; the kernel and\n"
            "  the modest task never noticed. Takeaway: a per-request memory limit turns\n"
            "  one runaway request into one error instead of an OOM-killed server.\n");
}

DEMO(fragment, "free memory in small holes cannot serve one big request");
static void demo_fragment(int argc, char **argv)
{
    (void)argc, (void)argv;
    enum { N = 48 };
    void *blocks[N];
    show_heap("start:");
    for (u32 i = 0; i < N; i++)
        blocks[i] = kmalloc(1000);
    show_heap("48 blocks of 1000:");
    for (u32 i = 0; i < N; i += 2) {
        kfree(blocks[i]);
        blocks[i] = NULL;
    }
    show_heap("every other freed:");
    kprintf("  plenty is free, but in holes of ~1 KiB: a 4 KiB request must grow the heap\n");
    void *big = kmalloc(4096);
    show_heap("after a 4 KiB request:");
    kfree(big);
    for (u32 i = 1; i < N; i += 2)
        kfree(blocks[i]);
    show_heap("all freed (coalesced):");
    kprintf("fragment: freeing neighbours merged the holes back into one block.\n"
            "  Takeaway: many small, long-lived allocations between short ones fragment\n"
            "  a heap; pools and arenas per request avoid it.\n");
}

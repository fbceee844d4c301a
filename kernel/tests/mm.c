/*
 * Memory tests. Like xv6's usertests, they count free frames before and
 * after: whatever a test allocates must come back, or it leaks.
 */
#include "ktest.h"
#include "drivers.h"
#include "mm.h"
#include "printf.h"
#include "string.h"
#include "x86.h"

#define SLOTS 200

static u32 rng_state;

static u32 rng(void)
{
    rng_state = rng_state * 1103515245u + 12345u;
    return rng_state >> 8;
}

/* Random kmalloc/kfree with a pattern written into every block, checked
   before it is freed: the heap must never hand out overlapping blocks. */
void test_heap_random(void)
{
    static u8 *slot[SLOTS];
    static u32 len[SLOTS];
    u32 ops = ktest_param("ops", 20000);
    rng_state = ktest_param("seed", 42);
    u32 frames0 = frames_free();
    kprintf("heap-random: seed %u, %u operations, %u frames free\n", rng_state, ops, frames0);

    for (u32 i = 0; i < ops; i++) {
        u32 s = rng() % SLOTS;
        if (slot[s]) {
            for (u32 j = 0; j < len[s]; j++)
                if (slot[s][j] != (u8)(s + j))
                    ktest_fail("a block's contents changed: two blocks overlap");
            kfree(slot[s]);
            slot[s] = NULL;
        } else {
            len[s] = 1 + rng() % (rng() % 8 == 0 ? 16384 : 512);
            slot[s] = kmalloc(len[s]);
            if (!slot[s])
                ktest_fail("kmalloc failed with plenty of memory left");
            for (u32 j = 0; j < len[s]; j++)
                slot[s][j] = (u8)(s + j);
        }
        if (i % 500 == 0 && !heap_check(true))
            ktest_fail("heap check failed");
    }
    struct heap_stats h;
    heap_stats(&h);
    kprintf("heap-random: peak heap %u bytes, %u blocks now, fragmentation %u free blocks\n",
            h.size, h.blocks, h.free_blocks);
    for (u32 s = 0; s < SLOTS; s++)
        kfree(slot[s]);
    heap_stats(&h);
    if (!heap_check(true) || h.used != 0 || h.free_blocks != 1)
        ktest_fail("after freeing everything the heap is not one free block");
    kprintf("heap-random: frames free before %u, after %u\n", frames0, frames_free());
    if (frames_free() != frames0)
        ktest_fail("frames leaked");
}

/* A task over its budget is refused, counted, and others are unaffected. */
void test_budget(void)
{
    const u32 greedy = 77, modest = 78;
    u32 frames0 = frames_free();
    mm_set_budget(greedy, 8192);
    void *a = kmalloc_for(greedy, 4000), *b = kmalloc_for(greedy, 4000);
    void *c = kmalloc_for(greedy, 4000);
    void *d = kmalloc_for(modest, 50000);
    kprintf("budget: greedy got %s, %s, then %s; modest (no budget) got %s\n",
            a ? "4000" : "NULL", b ? "4000" : "NULL", c ? "4000" : "refused", d ? "50000" : "NULL");
    if (!a || !b || c || !d)
        ktest_fail("the budget was not applied to the right task");
    if (mm_task_refused(greedy) != 1)
        ktest_fail("the refusal was not counted");
    kfree(a);
    if (!(c = kmalloc_for(greedy, 4000)))
        ktest_fail("freeing did not give the budget back");
    kfree(d);
    u32 leaked = mm_task_exit(greedy);      /* b and c are still held: a leak */
    kprintf("budget: greedy exited, leak report %u bytes reclaimed\n", leaked);
    if (leaked < 8000 || mm_task_heap(greedy) != 0)
        ktest_fail("the leak report missed blocks");
    heap_check(true);
    kprintf("budget: frames free before %u, after %u\n", frames0, frames_free());
    if (frames_free() != frames0)
        ktest_fail("frames leaked");
}

/* Frames come back; a stack's guard page is unmapped, its body mapped. */
void test_frames(void)
{
    u32 frames0 = frames_free();
    u32 got[64];
    for (u32 i = 0; i < 64; i++)
        if (!(got[i] = frame_alloc(TEL_MEM_HEAP, 5)))
            ktest_fail("frame_alloc failed");
    for (u32 i = 0; i < 64; i++)
        for (u32 j = i + 1; j < 64; j++)
            if (got[i] == got[j])
                ktest_fail("the same frame was handed out twice");
    for (u32 i = 0; i < 64; i++)
        frame_free(got[i]);
    u32 guard, top = stack_create(9, 4, &guard);
    if (!top || page_mapped(guard) || !page_mapped(guard + PAGE_SIZE) || !page_mapped(top - 4))
        ktest_fail("the stack's guard page is mapped, or its body is not");
    kprintf("frames: stack %08x-%08x, guard page %08x unmapped\n", guard + PAGE_SIZE, top, guard);
    stack_destroy(guard, 4);
    kprintf("frames: free before %u, after %u\n", frames0, frames_free());
    if (frames_free() != frames0)
        ktest_fail("frames leaked");
}

/* kmalloc/kfree pairs per second, for npm run bench. */
void test_bench_heap(void)
{
    u32 n = ktest_param("ops", 200000);
    void *keep[16] = { 0 };
    u64 start = timer_us();
    for (u32 i = 0; i < n; i++) {
        kfree(keep[i % 16]);
        keep[i % 16] = kmalloc(16 + (i * 7919) % 1000);
    }
    u32 took = (u32)(timer_us() - start);
    for (u32 i = 0; i < 16; i++)
        kfree(keep[i]);
    kprintf("bench-heap: %u kmalloc+kfree pairs in %u us\n", n, took);
}

/* bad-free kind=double|overflow|wild: the heap names the bug and panics. */
void test_bad_free(void)
{
    const char *kind = cmdline_get("kind");
    u8 *p = kmalloc(100);
    if (kind && strcmp(kind, "double") == 0) {
        kfree(p);
        kfree(p);
    } else if (kind && strcmp(kind, "overflow") == 0) {
        memset(p, 'x', 120);                /* 20 bytes too many */
        kfree(p);
    } else if (kind && strcmp(kind, "wild") == 0) {
        kfree(p + 8);
    }
    ktest_fail("the bad free was not caught");
}

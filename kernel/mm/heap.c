/*
 * The kernel heap: kmalloc and kfree over a window of virtual memory that
 * grows a few frames at a time. Free blocks sit on one list sorted by
 * address; kmalloc takes the first that fits and splits off the rest, kfree
 * puts a block back and merges it with free neighbours (coalescing), so
 * memory does not crumble into pieces too small to use (fragmentation).
 *
 * Every block starts with a header (a magic word, its size, its owner) and
 * ends with a canary word. kfree checks both, so a double free, a wild
 * pointer or a write past the end is caught at once and named.
 */
#include "mm.h"
#include "kernel.h"
#include "task.h"
#include "string.h"
#include "x86.h"

#define MAGIC_USED 0xA110C8ED
#define MAGIC_FREE 0xF4EEB10C
#define CANARY 0xCA4A41E5
#define ALIGN 16
#define GROW_MIN (16 * 1024)

struct block {
    u32 magic;
    u32 size;                 /* whole block: header + data + canary, a multiple of ALIGN */
    u32 owner;                /* task id that asked for it */
    struct block *next;       /* free blocks only: next free block by address */
};

#define HEADER sizeof(struct block)
#define MIN_BLOCK (HEADER + ALIGN)

static struct block *free_list;
static u32 heap_end = HEAP_START;          /* the window is mapped below this */
static struct heap_stats st;

u32 mm_charge(u32 task, u32 bytes, bool take);   /* budget.c */
static void trim(void);

static u32 *canary_of(struct block *b)
{
    return (u32 *)((u8 *)b + b->size - 4);
}

/* Put a free block on the list in address order, merging with neighbours. */
static void insert_free(struct block *b)
{
    b->magic = MAGIC_FREE;
    b->owner = 0;
    struct block *prev = NULL, *cur = free_list;
    while (cur && cur < b) {
        prev = cur;
        cur = cur->next;
    }
    b->next = cur;
    if (prev)
        prev->next = b;
    else
        free_list = b;
    if (cur && (u8 *)b + b->size == (u8 *)cur) {          /* merge with the next */
        b->size += cur->size;
        b->next = cur->next;
    }
    if (prev && (u8 *)prev + prev->size == (u8 *)b) {      /* merge with the previous */
        prev->size += b->size;
        prev->next = b->next;
    }
}

/* Map more frames at the end of the heap window. */
static bool grow(u32 need)
{
    u32 bytes = PAGE_ROUND_UP(need > GROW_MIN ? need : GROW_MIN);
    if (heap_end + bytes > HEAP_START + HEAP_MAX)
        return false;
    u32 start = heap_end;
    for (u32 va = start; va < start + bytes; va += PAGE_SIZE) {
        u32 pa = frame_alloc(TEL_MEM_HEAP, 0);
        if (!pa) {
            klog(TEL_LOG_ERROR, "heap: out of physical frames");
            bytes = va - start;
            break;
        }
        page_map(va, pa, PTE_WRITE);
    }
    if (bytes == 0)
        return false;
    heap_end = start + bytes;
    st.size += bytes;
    struct block *b = (struct block *)start;
    b->size = bytes;
    insert_free(b);
    u32 payload[2] = { st.size, bytes / PAGE_SIZE };
    telemetry_emit(TEL_EV_HEAP_GROW, 0, payload, sizeof(payload));
    return true;
}

static struct block *take_first_fit(u32 size)
{
    struct block *prev = NULL;
    for (struct block *b = free_list; b; prev = b, b = b->next) {
        if (b->size < size)
            continue;
        if (b->size - size >= MIN_BLOCK) {                 /* split: keep the tail free */
            struct block *rest = (struct block *)((u8 *)b + size);
            rest->magic = MAGIC_FREE;
            rest->size = b->size - size;
            rest->owner = 0;
            rest->next = b->next;
            b->size = size;
            b->next = rest;
        }
        if (prev)
            prev->next = b->next;
        else
            free_list = b->next;
        return b;
    }
    return NULL;
}

static void report(u16 type, struct block *b)
{
    u32 payload[4] = { (u32)b + HEADER, b->size, st.used, st.size };
    telemetry_emit_task(type, 0, b->owner, payload, sizeof(payload));
}

void *kmalloc_for(u32 task, size_t n)
{
    if (n == 0 || n > HEAP_MAX)
        return NULL;
    u32 size = (HEADER + n + 4 + ALIGN - 1) & ~(ALIGN - 1);
    u32 flags = irq_save();
    struct block *b = take_first_fit(size);
    if (!b && grow(size))
        b = take_first_fit(size);
    if (!b) {
        st.refusals++;
        irq_restore(flags);
        klog(TEL_LOG_ERROR, "heap: no room for %u bytes (task %u)", n, task);
        return NULL;
    }
    /* Charge what the block really costs (a block too small to split is
       handed out whole), the same amount kfree gives back. */
    if (!mm_charge(task, b->size, true)) {
        insert_free(b);
        trim();
        st.refusals++;
        irq_restore(flags);
        return NULL;
    }
    b->magic = MAGIC_USED;
    b->owner = task;
    *canary_of(b) = CANARY;
    st.used += b->size;
    st.allocs++;
    report(TEL_EV_HEAP_ALLOC, b);
    irq_restore(flags);
    return (u8 *)b + HEADER;
}

void *kmalloc(size_t n)
{
    return kmalloc_for(task_current_id(), n);
}

/* The block header of a pointer kmalloc returned, or a panic saying why not. */
static struct block *block_of(void *p)
{
    u32 a = (u32)p;
    if (a < HEAP_START + HEADER || a >= heap_end || (a & (ALIGN - 1)))
        panic("kfree(%p): not a pointer kmalloc returned (outside the heap or misaligned)", p);
    struct block *b = (struct block *)(a - HEADER);
    if (b->magic == MAGIC_FREE)
        panic("kfree(%p): double free by task %u", p, task_current_id());
    if (b->magic != MAGIC_USED || b->size < MIN_BLOCK || (u32)b + b->size > heap_end)
        panic("kfree(%p): heap corruption: the block header was overwritten", p);
    if (*canary_of(b) != CANARY)
        panic("kfree(%p): heap overflow: task %u wrote past the end of its %u-byte block",
              p, b->owner, b->size - (u32)HEADER - 4);
    return b;
}

/* Give frames back when the block at the very end of the heap is free and
   large; an empty heap shrinks back to GROW_MIN. The heap shrinks as well as
   grows, so memory a burst of requests needed goes back to everyone. */
static void trim(void)
{
    struct block *last = free_list;
    while (last && last->next)
        last = last->next;
    if (!last || (u32)last + last->size != heap_end)
        return;
    u32 new_end = PAGE_ROUND_UP((u32)last + MIN_BLOCK);
    if (new_end < HEAP_START + GROW_MIN)
        new_end = HEAP_START + GROW_MIN;
    bool empty = (u32)last == HEAP_START;
    if (new_end >= heap_end || heap_end - new_end < (empty ? PAGE_SIZE : 2 * GROW_MIN))
        return;                              /* hysteresis: don't shrink for a few bytes */
    for (u32 va = new_end; va < heap_end; va += PAGE_SIZE) {
        u32 pa = page_phys(va);
        page_unmap(va);
        frame_free(pa & ~(PAGE_SIZE - 1));
    }
    st.size -= heap_end - new_end;
    last->size = new_end - (u32)last;
    heap_end = new_end;
    u32 payload[2] = { st.size, 0 };
    telemetry_emit(TEL_EV_HEAP_GROW, 0, payload, sizeof(payload));
}

void kfree(void *p)
{
    if (!p)
        return;
    u32 flags = irq_save();
    struct block *b = block_of(p);
    st.used -= b->size;
    st.frees++;
    mm_charge(b->owner, b->size, false);
    report(TEL_EV_HEAP_FREE, b);
    insert_free(b);
    trim();
    irq_restore(flags);
}

void heap_init(void)
{
    grow(GROW_MIN);
}

/* Walk every block from the start of the heap: sizes must tile the window
   exactly and every header must carry a valid magic. */
bool heap_check(bool verbose)
{
    u32 flags = irq_save();
    bool ok = true;
    u32 a = HEAP_START, free_bytes = 0, listed = 0;
    while (a < heap_end) {
        struct block *b = (struct block *)a;
        if ((b->magic != MAGIC_USED && b->magic != MAGIC_FREE) || b->size < MIN_BLOCK ||
            a + b->size > heap_end) {
            if (verbose)
                klog(TEL_LOG_ERROR, "heap check: bad block at %x", a);
            ok = false;
            break;
        }
        if (b->magic == MAGIC_USED && *canary_of(b) != CANARY) {
            if (verbose)
                klog(TEL_LOG_ERROR, "heap check: block at %x overflowed", a);
            ok = false;
        }
        if (b->magic == MAGIC_FREE)
            free_bytes += b->size;
        a += b->size;
    }
    for (struct block *b = free_list; b; b = b->next)
        listed += b->size;
    if (ok && (free_bytes != listed || free_bytes != st.size - st.used))
        ok = false;
    irq_restore(flags);
    return ok;
}

void heap_stats(struct heap_stats *out)
{
    u32 flags = irq_save();
    *out = st;
    out->free = st.size - st.used;
    out->largest_free = out->free_blocks = out->blocks = 0;
    for (struct block *b = free_list; b; b = b->next) {
        out->free_blocks++;
        if (b->size > out->largest_free)
            out->largest_free = b->size;
    }
    for (u32 a = HEAP_START; a < heap_end; a += ((struct block *)a)->size)
        out->blocks++;
    irq_restore(flags);
}

/* Free every block a task still holds; returns how many and how many bytes. */
u32 heap_reclaim(u32 task, u32 *bytes)
{
    u32 flags = irq_save();
    u32 count = 0;
    *bytes = 0;
    for (u32 a = HEAP_START; a < heap_end;) {
        struct block *b = (struct block *)a;
        u32 size = b->size;
        if (b->magic == MAGIC_USED && b->owner == task) {
            count++;
            *bytes += size;
            kfree((u8 *)b + HEADER);
            a = HEAP_START;                 /* merging may have moved headers: start over */
            continue;
        }
        a += size;
    }
    irq_restore(flags);
    return count;
}

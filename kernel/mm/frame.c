/*
 * The physical frame allocator: RAM cut into 4 KiB frames, each with a kind
 * (free, kernel, heap, task stack, ...) and an owner task. It is one array
 * scanned from a moving cursor (next fit): simple, and the array *is* the
 * memory map the studio draws. Every allocation and free is reported.
 */
#include "mm.h"
#include "kernel.h"
#include "multiboot.h"
#include "x86.h"

#define MAX_FRAMES 32768                 /* 128 MiB; RAM above that is ignored */
#define LOW_MEMORY 0x100000              /* below 1 MiB: BIOS, VGA, the anchor */

extern char kernel_start[], kernel_end[], boot_stack_top[];

static u8 kinds[MAX_FRAMES];             /* TEL_MEM_* of each frame */
static u16 owners[MAX_FRAMES];           /* task id holding it */
static u32 nframes, nfree, cursor;

static void set_range(u32 start, u32 end, u32 kind)
{
    for (u32 a = start & ~(PAGE_SIZE - 1); a < end && a / PAGE_SIZE < nframes; a += PAGE_SIZE) {
        u32 f = a / PAGE_SIZE;
        if (kinds[f] == TEL_MEM_USABLE && kind != TEL_MEM_USABLE)
            nfree--;
        else if (kinds[f] != TEL_MEM_USABLE && kind == TEL_MEM_USABLE)
            nfree++;
        kinds[f] = (u8)kind;
        owners[f] = 0;
    }
}

void frame_init(void)
{
    const struct memory_region *r;
    u32 n = memory_regions(&r);
    for (u32 i = 0; i < MAX_FRAMES; i++)
        kinds[i] = TEL_MEM_RESERVED;
    for (u32 i = 0; i < n; i++) {
        if (!r[i].usable || r[i].base >= (u64)MAX_FRAMES * PAGE_SIZE)
            continue;
        u64 end = r[i].base + r[i].length;
        if (end > (u64)MAX_FRAMES * PAGE_SIZE)
            end = (u64)MAX_FRAMES * PAGE_SIZE;
        if (end / PAGE_SIZE > nframes)
            nframes = (u32)(end / PAGE_SIZE);
        /* Only whole frames inside the region are usable. */
        u32 start = PAGE_ROUND_UP((u32)r[i].base);
        set_range(start, (u32)end & ~(PAGE_SIZE - 1), TEL_MEM_USABLE);
    }
    set_range(0, LOW_MEMORY, TEL_MEM_RESERVED);
    set_range((u32)kernel_start, (u32)kernel_end, TEL_MEM_KERNEL);
    set_range(telemetry_ring_addr(), telemetry_ring_addr() + telemetry_ring_size(), TEL_MEM_TELEMETRY);
    set_range((u32)boot_stack_top - 16384, (u32)boot_stack_top, TEL_MEM_STACK);
    cursor = LOW_MEMORY / PAGE_SIZE;
    klog(TEL_LOG_INFO, "frames: %u of %u free (%u KiB)", nfree, nframes, nfree * 4);
}

static void report(u16 type, u32 first, u32 count, u32 kind, u32 owner)
{
    u32 payload[3] = { first * PAGE_SIZE, count, nfree };
    telemetry_emit_task(type, (u16)kind, owner, payload, sizeof(payload));
}

/* Find `count` free frames in a row, starting at the cursor and wrapping. */
static u32 find_run(u32 count)
{
    for (u32 tries = 0, f = cursor; tries < nframes; tries++, f = (f + 1) % nframes) {
        if (f + count > nframes)
            continue;
        u32 n = 0;
        while (n < count && kinds[f + n] == TEL_MEM_USABLE)
            n++;
        if (n == count)
            return f;
    }
    return 0;                            /* frame 0 is never free, so 0 means none */
}

u32 frame_alloc_run(u32 count, u32 kind, u32 owner)
{
    if (count == 0 || count > nfree)
        return 0;
    u32 flags = irq_save();
    u32 first = find_run(count);
    if (first) {
        for (u32 f = first; f < first + count; f++) {
            kinds[f] = (u8)kind;
            owners[f] = (u16)owner;
        }
        nfree -= count;
        cursor = (first + count) % nframes;
        report(TEL_EV_FRAME_ALLOC, first, count, kind, owner);
    }
    irq_restore(flags);
    return first * PAGE_SIZE;
}

u32 frame_alloc(u32 kind, u32 owner)
{
    return frame_alloc_run(1, kind, owner);
}

void frame_free_run(u32 addr, u32 count)
{
    u32 first = addr / PAGE_SIZE;
    if ((addr & (PAGE_SIZE - 1)) || first + count > nframes)
        panic("frame_free: %x is not a frame address", addr);
    u32 flags = irq_save();
    u32 kind = kinds[first], owner = owners[first];
    for (u32 f = first; f < first + count; f++) {
        if (kinds[f] == TEL_MEM_USABLE || kinds[f] == TEL_MEM_RESERVED || kinds[f] == TEL_MEM_KERNEL)
            panic("frame_free: frame %x is not allocated (double free?)", f * PAGE_SIZE);
        kinds[f] = TEL_MEM_USABLE;
        owners[f] = 0;
    }
    nfree += count;
    report(TEL_EV_FRAME_FREE, first, count, kind, owner);
    irq_restore(flags);
}

void frame_free(u32 addr)
{
    frame_free_run(addr, 1);
}

/* Mark frames already in use as another kind (a stack's guard page). */
void frame_set_kind(u32 addr, u32 kind)
{
    if (addr / PAGE_SIZE < nframes)
        kinds[addr / PAGE_SIZE] = (u8)kind;
}

u32 frame_kind(u32 addr)
{
    return addr / PAGE_SIZE < nframes ? kinds[addr / PAGE_SIZE] : TEL_MEM_RESERVED;
}

u32 frames_free(void) { return nfree; }
u32 frames_total(void) { return nframes; }

/* Frames of one kind, optionally only those of one owner (owner -1: any). */
u32 frames_count(u32 kind, i32 owner)
{
    u32 n = 0;
    for (u32 f = 0; f < nframes; f++)
        if (kinds[f] == kind && (owner < 0 || owners[f] == (u32)owner))
            n++;
    return n;
}

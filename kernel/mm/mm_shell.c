/*
 * The `mem` shell command: memory as a backend developer wants to see it.
 * Frames are the machine's RAM; the heap is what kmalloc hands out; each
 * task's stack and heap bytes show where memory goes, like a per-request
 * memory profile.
 */
#include "mm.h"
#include "kernel.h"
#include "multiboot.h"
#include "printf.h"
#include "shell.h"
#include "string.h"
#include "task.h"

static const char *kind_names[] = {
    "free", "reserved", "kernel", "telemetry", "boot stack", "vga",
    "heap", "task stack", "guard", "page table", "user",
};

static void show_frames(void)
{
    kprintf("frames: %u of %u free (%u KiB free of %u KiB)\n",
            frames_free(), frames_total(), frames_free() * 4, frames_total() * 4);
    for (u32 k = 0; k < ARRAY_LEN(kind_names); k++) {
        u32 n = frames_count(k, -1);
        if (n)
            kprintf("  %-11s %6u frames %8u KiB\n", kind_names[k], n, n * 4);
    }
}

static void show_heap(void)
{
    struct heap_stats h;
    heap_stats(&h);
    u32 frag = h.free ? 100 - (u32)((u64)h.largest_free * 100 / h.free) : 0;
    kprintf("heap: %u bytes, %u used, %u free in %u blocks, largest free %u\n",
            h.size, h.used, h.free, h.free_blocks, h.largest_free);
    kprintf("  fragmentation %u%% (free memory not in the largest block); "
            "%u allocs, %u frees, %u refused\n", frag, h.allocs, h.frees, h.refusals);
}

static void show_tasks(void)
{
    kprintf("per task:   id name             stack KiB  heap bytes  allocs  budget\n");
    for (u32 id = 0; id < 256; id++) {
        u32 stack = frames_count(TEL_MEM_TASK_STACK, (i32)id);
        u32 heap = mm_task_heap(id);
        if (!stack && !heap && !mm_budget(id))
            continue;
        kprintf("           %3u %-16s %9u %11u %7u %7u\n", id, task_name(id),
                stack * 4, heap, mm_task_allocs(id), mm_budget(id));
    }
}

static void show_map(void)
{
    const struct memory_region *r;
    u32 n = memory_regions(&r);
    kprintf("physical memory map from the loader:\n");
    for (u32 i = 0; i < n; i++)
        kprintf("  %08x-%08x %8u KiB %s\n", (u32)r[i].base,
                (u32)(r[i].base + r[i].length - 1), (u32)(r[i].length >> 10),
                r[i].usable ? "usable" : "reserved");
}

SHELL_COMMAND(mem, "mem [map|check]", "frames, heap, fragmentation, memory per task");

static void cmd_mem(int argc, char **argv)
{
    const char *what = argc > 1 ? argv[1] : "";
    if (strcmp(what, "map") == 0) {
        show_map();
    } else if (strcmp(what, "check") == 0) {
        kprintf("heap check: %s\n", heap_check(true) ? "ok" : "CORRUPT (see log)");
    } else if (what[0] == 0) {
        show_frames();
        show_heap();
        show_tasks();
    } else {
        kprintf("usage: mem [map|check]\n");
    }
}

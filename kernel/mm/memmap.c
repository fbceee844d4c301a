/*
 * The physical memory map as the kernel sees it at boot: what the loader
 * says is RAM, and the pieces of it the kernel already uses (its own image,
 * the boot stack, the telemetry ring). Each becomes a TEL_EV_MEM_REGION event,
 * which the studio draws as its memory map. Phase 2's frame allocator hands
 * out whatever is usable and not already taken.
 */
#include "kernel.h"
#include "multiboot.h"
#include "string.h"

extern char kernel_start[], kernel_end[], boot_stack_top[];
#define BOOT_STACK_SIZE 16384

static void report(u16 kind, u32 base, u32 length, const char *name)
{
    u32 payload[4] = { base, length };
    strlcpy((char *)&payload[2], name, 8);
    telemetry_emit(TEL_EV_MEM_REGION, kind, payload, sizeof(payload));
}

void memmap_report(void)
{
    const struct memory_region *r;
    u32 n = memory_regions(&r);
    for (u32 i = 0; i < n; i++) {
        if (r[i].base >> 32)
            continue;                      /* above 4 GiB: not for a 32-bit kernel */
        u64 end = r[i].base + r[i].length;
        u32 len = end > 0x100000000ull ? (u32)(0x100000000ull - r[i].base) : (u32)r[i].length;
        report(r[i].usable ? TEL_MEM_USABLE : TEL_MEM_RESERVED, (u32)r[i].base, len,
               r[i].usable ? "ram" : "reserved");
    }
    report(TEL_MEM_VGA, 0xB8000, 80 * 25 * 2, "vga");
    report(TEL_MEM_KERNEL, (u32)kernel_start, (u32)(kernel_end - kernel_start), "kernel");
    report(TEL_MEM_STACK, (u32)boot_stack_top - BOOT_STACK_SIZE, BOOT_STACK_SIZE, "stack");
    report(TEL_MEM_TELEMETRY, telemetry_ring_addr(), telemetry_ring_size(), "ring");
}

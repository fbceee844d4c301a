/*
 * Reading the multiboot information the loader left in memory. We copy out
 * what we need at once (the command line and the memory map), because the
 * memory it lives in will be reused once the frame allocator takes over.
 */
#include "multiboot.h"
#include "kernel.h"
#include "string.h"

static char cmdline[256];
static struct memory_region regions[MAX_REGIONS];
static u32 nregions;

static void read_mmap(const struct multiboot_info *mbi)
{
    u32 p = mbi->mmap_addr, end = mbi->mmap_addr + mbi->mmap_length;
    while (p + sizeof(struct multiboot_mmap_entry) <= end && nregions < MAX_REGIONS) {
        const struct multiboot_mmap_entry *e = (const void *)p;
        regions[nregions].base = e->base;
        regions[nregions].length = e->length;
        regions[nregions].usable = e->type == 1;
        nregions++;
        if (e->size == 0)
            break;             /* a broken map: stop rather than loop forever */
        p += e->size + 4;
    }
}

void multiboot_read(u32 magic, const struct multiboot_info *mbi)
{
    if (magic != MULTIBOOT_LOADER_MAGIC) {
        klog(TEL_LOG_WARN, "multiboot: bad loader magic %x, no boot information", magic);
        return;
    }
    if (mbi->flags & MB_INFO_CMDLINE)
        strlcpy(cmdline, (const char *)mbi->cmdline, sizeof(cmdline));
    if (mbi->flags & MB_INFO_MMAP)
        read_mmap(mbi);
}

const char *multiboot_cmdline(void)
{
    return cmdline;
}

u32 memory_regions(const struct memory_region **out)
{
    *out = regions;
    return nregions;
}

u64 memory_usable_bytes(void)
{
    u64 total = 0;
    for (u32 i = 0; i < nregions; i++)
        if (regions[i].usable)
            total += regions[i].length;
    return total;
}

/* What the multiboot loader tells us (the parts MiniOS reads). */
#ifndef MULTIBOOT_H
#define MULTIBOOT_H

#include "types.h"

#define MULTIBOOT_LOADER_MAGIC 0x2BADB002
#define MB_INFO_CMDLINE (1u << 2)
#define MB_INFO_MMAP (1u << 6)

struct multiboot_info {
    u32 flags;
    u32 mem_lower, mem_upper;
    u32 boot_device;
    u32 cmdline;
    u32 mods_count, mods_addr;
    u32 syms[4];
    u32 mmap_length, mmap_addr;
} __attribute__((packed));

struct multiboot_mmap_entry {
    u32 size;                   /* of the rest of this entry */
    u64 base, length;
    u32 type;                   /* 1 = usable RAM */
} __attribute__((packed));

struct memory_region {
    u64 base, length;
    bool usable;
};

#define MAX_REGIONS 32
void multiboot_read(u32 magic, const struct multiboot_info *mbi);
const char *multiboot_cmdline(void);
u32 memory_regions(const struct memory_region **regions);
u64 memory_usable_bytes(void);

#endif

/*
 * The Global Descriptor Table. Paging, not segmentation, protects memory in
 * MiniOS, so every segment is flat (base 0, limit 4 GiB); the GDT exists
 * because the CPU insists on one. The loader left us none we may trust.
 */
#include "trap.h"

struct gdt_entry {
    u16 limit_lo, base_lo;
    u8 base_mid, access, flags_limit_hi, base_hi;
} __attribute__((packed));

struct gdt_ptr {
    u16 limit;
    u32 base;
} __attribute__((packed));

#define GDT_ENTRIES 8
static struct gdt_entry gdt[GDT_ENTRIES];

void gdt_set(u32 i, u32 base, u32 limit, u8 access, u8 flags)
{
    gdt[i].limit_lo = limit & 0xFFFF;
    gdt[i].base_lo = base & 0xFFFF;
    gdt[i].base_mid = (base >> 16) & 0xFF;
    gdt[i].access = access;
    gdt[i].flags_limit_hi = (u8)((flags << 4) | ((limit >> 16) & 0x0F));
    gdt[i].base_hi = (base >> 24) & 0xFF;
}

void gdt_init(void)
{
    gdt_set(0, 0, 0, 0, 0);
    gdt_set(1, 0, 0xFFFFF, 0x9A, 0xC);   /* kernel code: ring 0, execute/read */
    gdt_set(2, 0, 0xFFFFF, 0x92, 0xC);   /* kernel data: ring 0, read/write */
    gdt_set(3, 0, 0xFFFFF, 0xFA, 0xC);   /* user code: ring 3 */
    gdt_set(4, 0, 0xFFFFF, 0xF2, 0xC);   /* user data: ring 3 */

    struct gdt_ptr p = { sizeof(gdt) - 1, (u32)gdt };
    asm volatile("lgdt %0\n"
                 "mov %1, %%ax\n"
                 "mov %%ax, %%ds\n"
                 "mov %%ax, %%es\n"
                 "mov %%ax, %%fs\n"
                 "mov %%ax, %%gs\n"
                 "mov %%ax, %%ss\n"
                 "ljmp %2, $1f\n"
                 "1:\n"
                 : : "m"(p), "i"(SEL_KDATA), "i"(SEL_KCODE) : "eax", "memory");
}

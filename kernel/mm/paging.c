/*
 * Paging. One page directory maps what the kernel needs: every frame of RAM
 * at its own address (identity mapping, so a physical address is also a
 * pointer), except page 0, left unmapped so a NULL dereference faults; and
 * the heap window at HEAP_START, filled in as the heap grows. Its page tables
 * are made up front, so later address spaces (phase 4) can share them.
 */
#include "mm.h"
#include "kernel.h"
#include "string.h"
#include "x86.h"

static u32 *pagedir;

static u32 *new_table(void)
{
    u32 pa = frame_alloc(TEL_MEM_PAGE_TABLE, 0);
    if (!pa)
        panic("paging: out of frames for page tables");
    memset((void *)pa, 0, PAGE_SIZE);
    return (u32 *)pa;
}

static u32 *table_for(u32 va)
{
    u32 pde = pagedir[va >> 22];
    if (!(pde & PTE_PRESENT))
        panic("paging: no page table for %x", va);
    return (u32 *)(pde & ~0xFFFu);
}

void page_map(u32 va, u32 pa, u32 flags)
{
    table_for(va)[(va >> 12) & 0x3FF] = (pa & ~0xFFFu) | flags | PTE_PRESENT;
    asm volatile("invlpg (%0)" : : "r"(va) : "memory");
}

void page_unmap(u32 va)
{
    table_for(va)[(va >> 12) & 0x3FF] = 0;
    asm volatile("invlpg (%0)" : : "r"(va) : "memory");
}

bool page_mapped(u32 va)
{
    u32 pde = pagedir[va >> 22];
    if (!(pde & PTE_PRESENT))
        return false;
    return ((u32 *)(pde & ~0xFFFu))[(va >> 12) & 0x3FF] & PTE_PRESENT;
}

u32 page_phys(u32 va)
{
    return (table_for(va)[(va >> 12) & 0x3FF] & ~0xFFFu) | (va & 0xFFF);
}

/* A sentence that explains a page fault address, for the panic screen. */
const char *page_fault_hint(u32 addr)
{
    if (addr < PAGE_SIZE)
        return "a NULL pointer dereference (page 0 is never mapped)";
    if (frame_kind(addr) == TEL_MEM_GUARD)
        return "a stack overflow: the address is a task's guard page";
    if (addr >= HEAP_START && addr < HEAP_START + HEAP_MAX)
        return "past the end of the heap (a wild or stale pointer)";
    return "an address that is not mapped";
}

u32 *kernel_pagedir(void)
{
    return pagedir;
}

void paging_init(void)
{
    pagedir = new_table();
    u32 ram_end = frames_total() * PAGE_SIZE;
    for (u32 va = 0; va < ram_end; va += 4u << 20) {
        u32 *pt = new_table();
        for (u32 i = 0; i < 1024 && va + i * PAGE_SIZE < ram_end; i++)
            pt[i] = (va + i * PAGE_SIZE) | PTE_PRESENT | PTE_WRITE;
        pagedir[va >> 22] = (u32)pt | PTE_PRESENT | PTE_WRITE;
    }
    ((u32 *)(pagedir[0] & ~0xFFFu))[0] = 0;          /* page 0 stays unmapped */
    for (u32 va = HEAP_START; va < HEAP_START + HEAP_MAX; va += 4u << 20)
        pagedir[va >> 22] = (u32)new_table() | PTE_PRESENT | PTE_WRITE;

    write_cr3((u32)pagedir);
    write_cr0(read_cr0() | 0x80000000u | 0x10000u);   /* PG, and WP: honour read-only pages in ring 0 too */
    klog(TEL_LOG_INFO, "paging: %u MiB identity-mapped, page 0 unmapped, heap window at %x",
         ram_end >> 20, HEAP_START);
}

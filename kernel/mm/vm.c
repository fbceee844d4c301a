/*
 * Address spaces for user tasks (phase 4). Each user task gets its own page
 * directory: the kernel's entries are copied in (the same page tables, so
 * the kernel is mapped everywhere, but without the user bit: ring 3 cannot
 * touch it), and the user part, USER_BASE up to USER_LIMIT, is private.
 * Tearing an address space down gives back every frame it held.
 */
#include "mm.h"
#include "kernel.h"
#include "abi/syscall.h"
#include "string.h"
#include "x86.h"

#define PDE_INDEX(va) ((va) >> 22)
#define PTE_INDEX(va) (((va) >> 12) & 0x3FF)
#define ADDR(e) ((e) & ~0xFFFu)

static bool is_user_pde(u32 i)
{
    return i >= PDE_INDEX(USER_BASE) && i < PDE_INDEX(USER_LIMIT);
}

u32 *vm_create(u32 owner)
{
    u32 *pd = (u32 *)frame_alloc(TEL_MEM_PAGE_TABLE, owner);
    if (!pd)
        return NULL;
    u32 *kernel = kernel_pagedir();
    for (u32 i = 0; i < 1024; i++)
        pd[i] = is_user_pde(i) ? 0 : kernel[i];
    return pd;
}

/* The page-table entry for va in pd, making the page table if asked. */
static u32 *pte_of(u32 *pd, u32 va, u32 owner, bool create)
{
    u32 *pde = &pd[PDE_INDEX(va)];
    if (!(*pde & PTE_PRESENT)) {
        if (!create)
            return NULL;
        u32 pt = frame_alloc(TEL_MEM_PAGE_TABLE, owner);
        if (!pt)
            return NULL;
        memset((void *)pt, 0, PAGE_SIZE);
        *pde = pt | PTE_PRESENT | PTE_WRITE | PTE_USER;
    }
    return &((u32 *)ADDR(*pde))[PTE_INDEX(va)];
}

/* Give the task a fresh zeroed frame at va. false: out of frames, or va is
   not in user space, or already mapped. */
bool vm_map_new(u32 *pd, u32 va, u32 owner, bool writable)
{
    if (va < USER_BASE || va >= USER_LIMIT || (va & (PAGE_SIZE - 1)))
        return false;
    u32 *pte = pte_of(pd, va, owner, true);
    if (!pte || (*pte & PTE_PRESENT))
        return false;
    u32 pa = frame_alloc(TEL_MEM_USER, owner);
    if (!pa)
        return false;
    memset((void *)pa, 0, PAGE_SIZE);        /* never hand out another task's old data */
    *pte = pa | PTE_PRESENT | PTE_USER | (writable ? PTE_WRITE : 0);
    if (read_cr3() == (u32)pd)
        asm volatile("invlpg (%0)" : : "r"(va) : "memory");
    return true;
}

/* Take the page at va away from the task and free its frame. */
bool vm_unmap(u32 *pd, u32 va)
{
    u32 *pte = pte_of(pd, va, 0, false);
    if (!pte || !(*pte & PTE_PRESENT) || va < USER_BASE || va >= USER_LIMIT)
        return false;
    frame_free(ADDR(*pte));
    *pte = 0;
    if (read_cr3() == (u32)pd)
        asm volatile("invlpg (%0)" : : "r"(va) : "memory");
    return true;
}

/* The flags of the user page at va (PTE_PRESENT|PTE_USER|PTE_WRITE), or 0. */
u32 vm_flags(u32 *pd, u32 va)
{
    if (va < USER_BASE || va >= USER_LIMIT)
        return 0;
    u32 *pte = pte_of(pd, va, 0, false);
    return pte ? (*pte & 0xFFF) : 0;
}

/* The kernel can reach a user page's frame directly: RAM is identity-mapped. */
u32 vm_phys(u32 *pd, u32 va)
{
    u32 *pte = pte_of(pd, va, 0, false);
    return pte && (*pte & PTE_PRESENT) ? ADDR(*pte) | (va & 0xFFF) : 0;
}

void vm_destroy(u32 *pd)
{
    for (u32 i = PDE_INDEX(USER_BASE); i < PDE_INDEX(USER_LIMIT); i++) {
        if (!(pd[i] & PTE_PRESENT))
            continue;
        u32 *pt = (u32 *)ADDR(pd[i]);
        for (u32 j = 0; j < 1024; j++)
            if (pt[j] & PTE_PRESENT)
                frame_free(ADDR(pt[j]));
        frame_free((u32)pt);
    }
    frame_free((u32)pd);
}

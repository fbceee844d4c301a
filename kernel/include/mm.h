/*
 * Memory management (phase 2): physical frames, paging, task stacks with
 * guard pages, the kernel heap, and per-task memory budgets.
 */
#ifndef MM_H
#define MM_H

#include "types.h"

#define PAGE_SIZE 4096
#define PAGE_ROUND_UP(x) (((x) + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1))

/* frame.c: physical 4 KiB frames. kind is a TEL_MEM_* kind, owner a task id. */
void frame_init(void);
u32 frame_alloc(u32 kind, u32 owner);                 /* physical address, 0 = none left */
u32 frame_alloc_run(u32 count, u32 kind, u32 owner);  /* `count` contiguous frames */
void frame_free(u32 addr);
void frame_free_run(u32 addr, u32 count);
u32 frames_free(void);
u32 frames_total(void);
u32 frame_kind(u32 addr);
u32 frames_count(u32 kind, i32 owner);      /* owner -1: any */

/* paging.c: one page directory maps the kernel: all RAM identity-mapped,
   plus the heap at HEAP_START. */
#define HEAP_START 0xC0000000u
#define HEAP_MAX (64u << 20)
void paging_init(void);
void page_map(u32 va, u32 pa, u32 flags);
void page_unmap(u32 va);
bool page_mapped(u32 va);
u32 page_phys(u32 va);
const char *page_fault_hint(u32 addr);
u32 *kernel_pagedir(void);
#define PTE_PRESENT 0x1
#define PTE_WRITE 0x2
#define PTE_USER 0x4

/* stack.c: a task stack is a run of frames whose lowest page is left
   unmapped: the guard page. Returns the stack's top (0 = out of memory). */
u32 stack_create(u32 task, u32 pages, u32 *guard);
void stack_destroy(u32 guard, u32 pages);

/* heap.c: kmalloc/kfree. Each block is tagged with the task that asked for
   it (task_current_id()) and charged to that task's budget. */
void heap_init(void);
void *kmalloc(size_t n);                  /* NULL: out of memory or over budget */
void *kmalloc_for(u32 task, size_t n);
void kfree(void *p);
bool heap_check(bool verbose);            /* walk the heap, verify every header */

struct heap_stats {
    u32 size, used, free, largest_free, blocks, free_blocks;
    u32 allocs, frees, refusals;
};
void heap_stats(struct heap_stats *s);

/* budget.c: per-task memory budgets (0 = unlimited) and usage. */
void mm_set_budget(u32 task, u32 bytes);
u32 mm_budget(u32 task);
u32 mm_task_heap(u32 task);               /* bytes of heap the task holds now */
u32 mm_task_allocs(u32 task);             /* allocations the task holds now */
u32 mm_task_refused(u32 task);
u32 mm_charge(u32 task, u32 bytes, bool take);  /* take or give back; 0 = over budget */            /* allocations refused for its budget */
u32 mm_task_exit(u32 task);               /* leak report + reclaim; returns bytes leaked */

/* vm.c: user address spaces (phase 4). pd is a page directory. */
u32 *vm_create(u32 owner);
bool vm_map_new(u32 *pd, u32 va, u32 owner, bool writable);
bool vm_unmap(u32 *pd, u32 va);
u32 vm_flags(u32 *pd, u32 va);
u32 vm_phys(u32 *pd, u32 va);
void vm_destroy(u32 *pd);

#endif

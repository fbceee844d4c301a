/*
 * Task stacks. A stack is a run of frames; the lowest one is left unmapped,
 * so a stack that grows past its end touches a page that does not exist and
 * the CPU stops it there, instead of silently overwriting whatever lies
 * below (a neighbour's stack, the heap). That page is the "guard page".
 */
#include "mm.h"
#include "kernel.h"

void frame_set_kind(u32 addr, u32 kind);

u32 stack_create(u32 task, u32 pages, u32 *guard)
{
    u32 base = frame_alloc_run(pages + 1, TEL_MEM_TASK_STACK, task);
    if (!base)
        return 0;
    frame_set_kind(base, TEL_MEM_GUARD);
    page_unmap(base);
    *guard = base;
    return base + (pages + 1) * PAGE_SIZE;
}

void stack_destroy(u32 guard, u32 pages)
{
    page_map(guard, guard, PTE_WRITE);
    frame_free_run(guard, pages + 1);
}

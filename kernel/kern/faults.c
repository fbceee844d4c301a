/*
 * How to make the CPU raise each exception on purpose. Each trigger is the
 * smallest piece of code that breaks one rule of the x86 architecture; the
 * panic screen that follows names the rule. A trigger that returns means the
 * CPU did not fault, which the caller reports as an error.
 */
#include "faults.h"
#include "kernel.h"
#include "string.h"
#include "trap.h"
#include "x86.h"

#define SEL_SPARE (GDT_SPARE * 8)

static void divide(void)
{
    asm volatile("xor %%edx, %%edx; mov $1, %%eax; xor %%ecx, %%ecx; div %%ecx"
                 : : : "eax", "ecx", "edx");
}

static void debug(void)
{
    /* Set the trap flag: the CPU raises #DB after the next instruction. */
    asm volatile("pushfl; orl $0x100, (%%esp); popfl; nop" : : : "memory", "cc");
}

static void breakpoint(void) { asm volatile("int3"); }
static void invalid_opcode(void) { asm volatile("ud2"); }

static void overflow(void)
{
    asm volatile("mov $0x7fffffff, %%eax; add $1, %%eax; into" : : : "eax", "cc");
}

static void bound(void)
{
    static const i32 limits[2] = { 0, 10 };
    asm volatile("mov $11, %%eax; bound %%eax, %0" : : "m"(limits) : "eax");
}

static void device_not_available(void)
{
    write_cr0(read_cr0() | 0x8);             /* CR0.TS: the FPU "belongs to another task" */
    asm volatile("fninit");
}

static void general_protection(void)
{
    /* A selector far past the end of the GDT. */
    asm volatile("mov $0xFFF8, %%ax; mov %%ax, %%fs" : : : "eax");
}

static void segment_not_present(void)
{
    gdt_set(GDT_SPARE, 0, 0xFFFFF, 0x12, 0xC); /* a data segment with P = 0 */
    asm volatile("mov %0, %%ax; mov %%ax, %%fs" : : "i"(SEL_SPARE) : "eax");
}

static void stack_segment(void)
{
    gdt_set(GDT_SPARE, 0, 0xFFFFF, 0x12, 0xC);
    asm volatile("mov %0, %%ax; mov %%ax, %%ss" : : "i"(SEL_SPARE) : "eax");
}

static void invalid_tss(void)
{
    /* A present TSS descriptor whose limit is too small to hold a TSS. */
    gdt_set(GDT_SPARE, 0x1000, 0x10, 0x89, 0x0);
    asm volatile("ljmp %0, $0" : : "i"(SEL_SPARE));
}

static void double_fault(void)
{
    /* A #GP whose own gate is missing raises #NP while delivering it:
       two faults at once is a double fault. */
    idt_set_present(13, false);
    general_protection();
}

static u32 test_pagedir[1024] __attribute__((aligned(4096)));

static void page_fault(void)
{
    if (read_cr0() & 0x80000000u) {          /* paging is on: 1 GiB is not mapped */
        *(volatile u32 *)0x40000000 = 1;
        return;
    }
    /* Identity-map the first 16 MiB with 4 MiB pages; touch 1 GiB. */
    for (u32 i = 0; i < 4; i++)
        test_pagedir[i] = (i << 22) | 0x83;   /* present, writable, 4 MiB */
    write_cr4(read_cr4() | 0x10);            /* CR4.PSE */
    write_cr3((u32)test_pagedir);
    write_cr0(read_cr0() | 0x80000000u);     /* CR0.PG */
    *(volatile u32 *)0x40000000 = 1;
}

static void null_pointer(void)
{
    *(volatile u32 *)4 = 1;                  /* page 0 is never mapped once paging is on */
}

static void x87_error(void)
{
    static const u16 cw = 0x037B;            /* unmask divide-by-zero */
    write_cr0((read_cr0() & ~0xCu) | 0x20);  /* TS = EM = 0, NE = 1 */
    asm volatile("fninit; fldcw %0; fld1; fldz; fdivrp; fwait" : : "m"(cw));
}

static void simd_error(void)
{
    static const u32 mxcsr = 0x1D80;         /* unmask divide-by-zero */
    static const float one = 1.0f, zero = 0.0f;
    write_cr0(read_cr0() & ~0xCu);
    write_cr4(read_cr4() | 0x600);           /* OSFXSR, OSXMMEXCPT */
    asm volatile("ldmxcsr %0; movss %1, %%xmm0; divss %2, %%xmm0"
                 : : "m"(mxcsr), "m"(one), "m"(zero));   /* xmm0 is scratch: the machine dies here */
}

/* Which engines raise each exception. v86 skips a few rules of the x86
   manual: no single-step trap, no BOUND check, no double fault, no x87 or
   SIMD exceptions, and a far jump to a TSS crashes the emulator itself.
   QEMU 7.2 does not raise SIMD exceptions either. */
#define BOTH (ENGINE_QEMU | ENGINE_V86)

static const struct fault faults[] = {
    { "divide", 0, BOTH, divide },
    { "debug", 1, ENGINE_QEMU, debug },
    { "breakpoint", 3, BOTH, breakpoint },
    { "overflow", 4, BOTH, overflow },
    { "bound", 5, ENGINE_QEMU, bound },
    { "invalid-opcode", 6, BOTH, invalid_opcode },
    { "device-not-available", 7, BOTH, device_not_available },
    { "double-fault", 8, ENGINE_QEMU, double_fault },
    { "invalid-tss", 10, ENGINE_QEMU, invalid_tss },
    { "segment-not-present", 11, BOTH, segment_not_present },
    { "stack-segment", 12, BOTH, stack_segment },
    { "general-protection", 13, BOTH, general_protection },
    { "page-fault", 14, BOTH, page_fault },
    { "null", 14, BOTH, null_pointer },
    { "x87", 16, ENGINE_QEMU, x87_error },
    { "simd", 19, 0, simd_error },
};

u32 faults_list(const struct fault **out)
{
    *out = faults;
    return ARRAY_LEN(faults);
}

/* Whether the engine we run on raises this fault (see the table). */
bool fault_supported(const struct fault *f)
{
    return f->engines & (engine_is_qemu() ? ENGINE_QEMU : ENGINE_V86);
}

const struct fault *fault_find(const char *name)
{
    for (u32 i = 0; i < ARRAY_LEN(faults); i++)
        if (strcmp(faults[i].name, name) == 0)
            return &faults[i];
    return NULL;
}

/* A fault raised on purpose must end in the panic screen even inside a
   task, where an accidental fault would only kill the task (taskfault.c). */
static bool deliberate;

void fault_raise(const struct fault *f)
{
    deliberate = true;
    f->trigger();
    deliberate = false;
}

bool fault_deliberate(void)
{
    return deliberate;
}

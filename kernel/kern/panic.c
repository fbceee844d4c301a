/*
 * The panic screen: when the kernel cannot go on, it says exactly why and
 * where, then stops the machine with EXIT_PANIC. Nothing fails silently.
 * The backtrace walks the chain of saved frame pointers (the kernel is built
 * with -fno-omit-frame-pointer): each frame holds the caller's EBP and the
 * return address. The host turns the addresses into function names.
 */
#include <stdarg.h>
#include "kernel.h"
#include "drivers.h"
#include "mm.h"
#include "printf.h"
#include "trap.h"
#include "x86.h"

extern char kernel_start[], kernel_end[];
static bool panicking;

/* A frame pointer we may follow: aligned and inside low RAM. */
static bool frame_ok(u32 ebp)
{
    return ebp >= 0x1000 && ebp < 0x02000000 && (ebp & 3) == 0;
}

void backtrace_from(u32 ebp, u32 max)
{
    for (u32 depth = 0; depth < max && frame_ok(ebp); depth++) {
        u32 *frame = (u32 *)ebp;
        u32 ret = frame[1];
        if (ret == 0)
            break;
        kprintf("  #%u  0x%08x\n", depth + 1, ret);
        if (frame[0] <= ebp)       /* frames must go up the stack */
            break;
        ebp = frame[0];
    }
}

static void begin(void)
{
    cli();
    if (panicking) {               /* a fault inside the panic path */
        kprintf("\n*** nested panic: halting\n");
        for (;;)
            hlt();
    }
    panicking = true;
    vga_set_color(0x4F);           /* white on red */
}

static void __attribute__((noreturn)) finish(u32 vector, u32 eip, u32 error, u32 cr2, u32 esp)
{
    u32 payload[4] = { eip, error, cr2, esp };
    telemetry_emit(TEL_EV_PANIC, (u16)vector, payload, sizeof(payload));
    kprintf("uptime %u ms, %u ticks; engine %s\n",
            (u32)(timer_us() / 1000), timer_ticks(), engine_name());
    power_off_reason(EXIT_PANIC, TEL_POWER_REASON_PANIC);
}

void panic_trap(struct trapframe *tf)
{
    begin();
    u32 cr2 = read_cr2();
    kprintf("\n*** KERNEL PANIC: %s (%s, vector %u)\n",
            exception_name(tf->vector), exception_mnemonic(tf->vector), tf->vector);
    kprintf("error code %08x  cr2 %08x  cr0 %08x  cr3 %08x\n",
            tf->error, cr2, read_cr0(), read_cr3());
    if (tf->vector == 14)
        kprintf("page fault: %s of %08x in %s mode: %s\n", tf->error & 2 ? "write" : "read",
                cr2, tf->error & 4 ? "user" : "kernel", page_fault_hint(cr2));
    kprintf("eax %08x  ebx %08x  ecx %08x  edx %08x\n", tf->eax, tf->ebx, tf->ecx, tf->edx);
    kprintf("esi %08x  edi %08x  ebp %08x  esp %08x\n",
            tf->esi, tf->edi, tf->ebp, tf->esp_at_pusha + 20);
    kprintf("eip %08x  eflags %08x  cs %04x  ds %04x\n",
            tf->eip, tf->eflags, tf->cs & 0xFFFF, tf->ds & 0xFFFF);
    kprintf("backtrace:\n  #0  0x%08x\n", tf->eip);
    backtrace_from(tf->ebp, 16);
    finish(tf->vector, tf->eip, tf->error, cr2, tf->esp_at_pusha + 20);
}

void panic(const char *fmt, ...)
{
    begin();
    char msg[160];
    va_list ap;
    va_start(ap, fmt);
    kvsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    u32 ebp;
    asm volatile("mov %%ebp, %0" : "=r"(ebp));
    kprintf("\n*** KERNEL PANIC: %s\n", msg);
    kprintf("backtrace:\n");
    backtrace_from(ebp, 16);
    finish(0xFFFF, 0, 0, read_cr2(), ebp);
}

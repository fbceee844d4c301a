/*
 * kmain: the boot sequence. Each init step runs in order and is timed, so
 * the shell's `boot` command (and the studio's boot timeline) can show where
 * start-up time goes: the same question as "why does my service take 40 s
 * to become ready?". Order matters: nothing may use a device before its step.
 */
#include "kernel.h"
#include "drivers.h"
#include "mm.h"
#include "syscall.h"
#include "multiboot.h"
#include "printf.h"
#include "sched.h"
#include "string.h"
#include "trap.h"
#include "x86.h"

#define MAX_STEPS 24

static struct boot_step steps[MAX_STEPS];
static u64 step_tsc[MAX_STEPS][2];
static u32 nsteps;
static u64 done_us;
static u32 mb_magic;
static const struct multiboot_info *mb_info;

static void read_multiboot(void)
{
    multiboot_read(mb_magic, mb_info);
    cmdline_init(multiboot_cmdline());
}

static void enable_interrupts(void)
{
    serial_enable_irq();
    sti();
}

static void step(const char *name, void (*fn)(void))
{
    step_tsc[nsteps][0] = rdtsc();
    fn();
    step_tsc[nsteps][1] = rdtsc();
    steps[nsteps].name = name;
    nsteps++;
}

/* The boot steps as telemetry: at boot, and again when the host asks. */
void boot_report(void)
{
    for (u32 i = 0; i < nsteps; i++) {
        u32 payload[4] = { (u32)(steps[i].end_us - steps[i].start_us) };
        strlcpy((char *)&payload[1], steps[i].name, 12);
        telemetry_emit(TEL_EV_BOOT_STEP, (u16)i, payload, sizeof(payload));
    }
    u32 total = (u32)done_us;
    telemetry_emit(TEL_EV_BOOT_DONE, (u16)nsteps, &total, sizeof(total));
}

/* Times are known only after the TSC is calibrated; convert them now. */
static void finish_boot(void)
{
    u64 prev_end = 0;
    for (u32 i = 0; i < nsteps; i++) {
        /* An emulated TSC may step backwards a little (v86 counts
           instructions and corrects itself): keep the steps in order. */
        steps[i].start_us = tsc_to_us(step_tsc[i][0]);
        steps[i].end_us = tsc_to_us(step_tsc[i][1]);
        if (steps[i].start_us < prev_end)
            steps[i].start_us = prev_end;
        if (steps[i].end_us < steps[i].start_us)
            steps[i].end_us = steps[i].start_us;
        prev_end = steps[i].end_us;
    }
    done_us = timer_us();
    boot_report();
    klog(TEL_LOG_INFO, "boot: %u steps, %u us", nsteps, (u32)done_us);
}

u32 boot_steps(const struct boot_step **out)
{
    *out = steps;
    return nsteps;
}

u64 boot_done_us(void)
{
    return done_us;
}

static void shell_task(void *arg)
{
    (void)arg;
    shell_run();
}

void kmain(u32 magic, const struct multiboot_info *mbi)
{
    timer_mark_boot();
    mb_magic = magic;
    mb_info = mbi;

    step("serial", serial_init);
    step("vga", vga_init);
    kprintf("MiniOS %s booting on %s\n", MINIOS_VERSION, engine_name());
    step("multiboot", read_multiboot);
    step("telemetry", telemetry_init);
    step("gdt", gdt_init);
    step("tss", tss_init);
    step("idt", idt_init);
    step("pic", pic_init);
    step("pit", pit_init);
    step("interrupts", enable_interrupts);
    step("tsc", timer_calibrate);
    step("pci", pci_init);
    step("frames", frame_init);
    step("paging", paging_init);
    step("heap", heap_init);
    step("sched", sched_init);
    finish_boot();
    memmap_report();

    const char *test = cmdline_get("test");
    if (test)
        ktest_run(test);
    kprintf("booted in %u us (%u steps); memory %u MiB; type 'help'\n",
            (u32)done_us, nsteps, (u32)(memory_usable_bytes() >> 20));
    /* The shell runs in user mode (kernel/user/shell.c); the kernel's own
       monitor loop is the fallback, or asked for with shell=kernel. */
    const char *shell = cmdline_get("shell");
    int id = shell && strcmp(shell, "kernel") == 0 ? -1 : user_spawn("shell", 0);
    if (id > 0)
        klog(TEL_LOG_INFO, "shell: ready in user mode (task %d)", id);
    else
        task_create("shell", shell_task, NULL);
    sched_start_idle();            /* the boot context becomes the idle task */
}

/* The core of the kernel: boot, panic, power, log, telemetry, command line. */
#ifndef KERNEL_H
#define KERNEL_H

#include "types.h"
#include "abi/power.h"
#include "abi/telemetry.h"

struct trapframe;

#define MINIOS_VERSION "0.1"

/* main.c: the boot sequence */
struct boot_step {
    const char *name;
    u64 start_us, end_us;
};
u32 boot_steps(const struct boot_step **steps);
u64 boot_done_us(void);
void boot_report(void);

/* panic.c */
void panic(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
void panic_trap(struct trapframe *tf) __attribute__((noreturn));
void backtrace_from(u32 ebp, u32 max);

/* power.c */
void power_off(u32 status) __attribute__((noreturn));
void power_off_reason(u32 status, u32 reason) __attribute__((noreturn));
bool engine_is_qemu(void);
const char *engine_name(void);

/* log.c: a ring of recent log lines, also sent as telemetry */
void klog(u32 level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void log_dump(void);

/* telemetry.c: the event ring the host reads (abi/telemetry.h) */
void telemetry_init(void);
void telemetry_emit(u16 type, u16 arg, const void *payload, u32 len);
void telemetry_emit_task(u16 type, u16 arg, u32 task, const void *payload, u32 len);
void telemetry_tick(u32 ticks);
u32 telemetry_ring_addr(void);
u32 telemetry_ring_size(void);
void telemetry_power(u32 status, u32 reason);
u32 telemetry_dropped(void);
u32 telemetry_written(void);
bool telemetry_drained(void);

/* cmdline.c: the multiboot command line, as key=value words */
void cmdline_init(const char *s);
const char *cmdline_get(const char *key);

/* mm/memmap.c: the physical memory map, reported as telemetry */
void memmap_report(void);

/* pit.c extras used by the core */
void timer_mark_boot(void);
u64 tsc_to_us(u64 tsc);
u32 timer_tsc_per_us(void);

/* trap.c extras */
u32 irq_count(u32 irq);

/* shell.c and tests */
void shell_run(void) __attribute__((noreturn));
bool shell_exec(char *line);
void ktest_run(const char *name) __attribute__((noreturn));

#endif

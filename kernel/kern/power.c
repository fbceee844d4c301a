/*
 * Turning the machine off with an exit status (abi/power.h). The status is
 * always written to the telemetry ring header, which every host reads. Under
 * QEMU we also write it to the isa-debug-exit port so QEMU exits with it;
 * under v86 that port would kill the host, so we must know where we run.
 */
#include "kernel.h"
#include "printf.h"
#include "x86.h"

static int qemu = -1;          /* -1: not probed yet */

/*
 * QEMU's fw_cfg device answers "QEMU" to selector 0 (signature) and a
 * feature bitmap with bit 0 set to selector 1 (id). v86 imitates fw_cfg for
 * its own option ROMs and also says "QEMU", but answers 0 to the id.
 */
static u32 fw_cfg_read32(u16 selector)
{
    outw(QEMU_FW_CFG_PORT, selector);
    u32 v = 0;
    for (u32 i = 0; i < 4; i++)
        v |= (u32)inb(QEMU_FW_CFG_PORT + 1) << (8 * i);
    return v;
}

bool engine_is_qemu(void)
{
    if (qemu < 0)
        qemu = fw_cfg_read32(0) == 0x554D4551 /* "QEMU" */ && (fw_cfg_read32(1) & 1);
    return qemu == 1;
}

const char *engine_name(void)
{
    return engine_is_qemu() ? "qemu" : "v86";
}

void power_off_reason(u32 status, u32 reason)
{
    cli();
    kprintf("minios: power off (status %u)\n", status);
    telemetry_power(status, reason);
    if (engine_is_qemu())
        outb(QEMU_DEBUG_EXIT_PORT, (u8)status);
    for (;;)
        hlt();             /* interrupts are off: the CPU stays here */
}

void power_off(u32 status)
{
    power_off_reason(status, TEL_POWER_REASON_POWEROFF);
}

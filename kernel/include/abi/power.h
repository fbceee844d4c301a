/*
 * Power-off ABI: how the kernel ends a run with an exit status.
 *
 * Every engine sees the status in the telemetry ring header (power, status).
 * Under QEMU the kernel also writes to the isa-debug-exit port, so QEMU
 * itself exits with code status*2+1. v86 must never see that write: in v86
 * it kills the host process. The kernel tells the engines apart by QEMU's
 * fw_cfg device: v86 imitates it (signature "QEMU") but answers 0 to its
 * feature id, where QEMU sets bit 0.
 */
#ifndef ABI_POWER_H
#define ABI_POWER_H

#define EXIT_OK 0                      /* powered off on purpose, test passed */
#define EXIT_TEST_FAILED 1             /* a kernel test found a wrong result */
#define EXIT_PANIC 2                   /* the kernel panicked */
#define EXIT_BAD_CMDLINE 3             /* the command line asked for something unknown */

#define QEMU_DEBUG_EXIT_PORT 0xF4      /* isa-debug-exit: QEMU exits with (value << 1) | 1 */
#define QEMU_FW_CFG_PORT 0x510         /* fw_cfg selector; data at 0x511 reads "QEMU" */

#endif

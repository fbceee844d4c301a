/*
 * Telemetry ABI v1: how the kernel tells the host what it is doing.
 *
 * The kernel writes fixed-size binary events into a ring in guest RAM and
 * announces the ring's physical address in a small "anchor" at a fixed
 * physical address. The host reads events between `tail` and `head`, then
 * writes `tail` back. When the ring is full the kernel drops the new event
 * and counts it in `dropped`: an overrun is always visible, never silent.
 *
 * This header is the single source of truth. tools/gen-abi.ts reads every
 * `#define NAME value` line below and writes machine/abi/generated.ts; a
 * test fails when that copy drifts. Keep each constant on one such line.
 */
#ifndef ABI_TELEMETRY_H
#define ABI_TELEMETRY_H

#define TEL_VERSION 1

/* The anchor: four u32 words at a fixed physical address. */
#define TEL_ANCHOR_ADDR 0x500          /* physical address of the anchor */
#define TEL_ANCHOR_MAGIC 0x4C45544D    /* "MTEL" little-endian */
#define TEL_ANCHOR_SIZE 16
#define TEL_ANCHOR_OFF_MAGIC 0         /* u32 TEL_ANCHOR_MAGIC once the ring is ready */
#define TEL_ANCHOR_OFF_VERSION 4       /* u32 TEL_VERSION */
#define TEL_ANCHOR_OFF_RING 8          /* u32 physical address of the ring header */
#define TEL_ANCHOR_OFF_RING_SIZE 12    /* u32 bytes: header plus events */

/* The ring header, followed directly by `capacity` events. */
#define TEL_RING_MAGIC 0x474E4952      /* "RING" little-endian */
#define TEL_HDR_SIZE 64
#define TEL_HDR_OFF_MAGIC 0            /* u32 TEL_RING_MAGIC */
#define TEL_HDR_OFF_VERSION 4          /* u32 TEL_VERSION */
#define TEL_HDR_OFF_EVENT_SIZE 8       /* u32 TEL_EV_SIZE */
#define TEL_HDR_OFF_CAPACITY 12        /* u32 events in the ring, a power of two */
#define TEL_HDR_OFF_HEAD 16            /* u32 events written so far (kernel), wraps */
#define TEL_HDR_OFF_TAIL 20            /* u32 events consumed so far (host writes it) */
#define TEL_HDR_OFF_DROPPED 24         /* u32 events dropped because the ring was full */
#define TEL_HDR_OFF_POWER 28           /* u32 TEL_POWER_* */
#define TEL_HDR_OFF_STATUS 32          /* u32 exit status once powered off (abi/power.h) */
#define TEL_HDR_OFF_TICK_HZ 36         /* u32 timer interrupts per second */
#define TEL_HDR_OFF_TICKS 40           /* u32 timer ticks since boot, updated every tick */
#define TEL_HDR_OFF_HOST_REQUEST 44    /* u32 TEL_REQ_* bits the host sets; the kernel clears them when done */

#define TEL_REQ_REPLAY 0x1             /* re-send boot steps, memory regions and tasks (after a restore) */

#define TEL_POWER_ON 0                 /* the kernel is running */
#define TEL_POWER_OFF 1                /* the kernel stopped; see status */

/* One event: 32 bytes, little-endian. */
#define TEL_EV_SIZE 32
#define TEL_EV_OFF_TYPE 0              /* u16 TEL_EV_* */
#define TEL_EV_OFF_ARG 2               /* u16 small type-specific argument */
#define TEL_EV_OFF_TIME 4              /* u32 microseconds since boot, wraps */
#define TEL_EV_OFF_TASK 8              /* u32 task id, 0 = the kernel itself */
#define TEL_EV_OFF_REQUEST 12          /* u32 request id, 0 = none */
#define TEL_EV_OFF_PAYLOAD 16          /* 16 bytes, layout per type */
#define TEL_EV_PAYLOAD_SIZE 16

/* Event types. High byte = subsystem, so a new phase never renumbers. */
#define TEL_EV_BOOT_STEP 0x0101        /* arg step index; payload u32 duration_us, char name[12] */
#define TEL_EV_BOOT_DONE 0x0102        /* arg step count; payload u32 total_us */
#define TEL_EV_LOG 0x0103              /* arg text length; payload u8 level, char text[15] */
#define TEL_EV_LOG_CONT 0x0104         /* payload char text[16]: the next part of the last LOG */
#define TEL_EV_PANIC 0x0105            /* arg vector; payload u32 eip, u32 error, u32 cr2, u32 esp */
#define TEL_EV_POWER 0x0106            /* arg exit status; payload u32 reason (TEL_POWER_REASON_*) */
#define TEL_EV_TEST 0x0107             /* arg 0; payload u32 sequence, u32 burst size */

/* Memory. Phase 1 reports the physical memory map; phase 2 adds frames and the heap. */
#define TEL_EV_MEM_REGION 0x0201       /* arg TEL_MEM_* kind; payload u32 base, u32 length, char name[8] */
#define TEL_EV_FRAME_ALLOC 0x0202      /* task = owner; arg TEL_MEM_* kind; payload u32 phys addr, u32 frames, u32 frames free after */
#define TEL_EV_FRAME_FREE 0x0203       /* task = owner; arg TEL_MEM_* kind; payload u32 phys addr, u32 frames, u32 frames free after */
#define TEL_EV_HEAP_ALLOC 0x0204       /* task = owner; payload u32 addr, u32 size, u32 heap used, u32 heap size */
#define TEL_EV_HEAP_FREE 0x0205        /* task = owner; payload u32 addr, u32 size, u32 heap used, u32 heap size */
#define TEL_EV_BUDGET_REFUSED 0x0206   /* task; payload u32 bytes asked, u32 bytes held, u32 budget */
#define TEL_EV_HEAP_GROW 0x0207        /* payload u32 heap size after, u32 frames added */
#define TEL_EV_LEAK 0x0208             /* task that exited; payload u32 allocations, u32 bytes */

/* Tasks. Phase 1 has one, the shell; phase 3 adds the scheduler. */
#define TEL_EV_TASK_NEW 0x0301         /* task = the new task's id; payload char name[16] */
#define TEL_EV_TASK_STATE 0x0302       /* task; arg TEL_TASK_* state; payload u32 TEL_WAIT_* reason */
#define TEL_EV_TASK_SWITCH 0x0303      /* task = now running; payload u32 previous task, u32 run-queue depth */
#define TEL_EV_TASK_EXIT 0x0304        /* task; arg TEL_EXIT_* how; payload u32 exit code, u32 cpu ticks */
#define TEL_EV_LOCK 0x0305             /* task; arg TEL_LOCK_* what; payload u32 lock id, u32 holder task, char name[8] */
#define TEL_EV_QUEUE_DEPTH 0x0306      /* payload u32 queue id, u32 depth, u32 capacity, char name[4] */
#define TEL_EV_SCHED_MODE 0x0307       /* arg TEL_SCHED_*; payload u32 time slice in ticks */
#define TEL_EV_DEADLOCK 0x0308         /* payload u32 task a, u32 lock a wants, u32 task b, u32 lock b wants */

/* Syscalls (phase 4): the trust boundary, every crossing of it. */
#define TEL_EV_SYSCALL_ENTER 0x0401    /* task; arg syscall number; payload u32 first four arguments */
#define TEL_EV_SYSCALL_EXIT 0x0402     /* task; arg syscall number; payload i32 result, u32 duration_us */
#define TEL_EV_USER_FAULT 0x0403       /* task killed by its own CPU fault; arg vector; payload u32 eip, u32 address, u32 error */

#define TEL_MEM_USABLE 0               /* memory region kinds (arg of TEL_EV_MEM_REGION) */
#define TEL_MEM_RESERVED 1
#define TEL_MEM_KERNEL 2               /* the kernel image: code, data, bss */
#define TEL_MEM_TELEMETRY 3            /* the telemetry ring */
#define TEL_MEM_STACK 4                /* the boot stack */
#define TEL_MEM_VGA 5                  /* the VGA text buffer */
#define TEL_MEM_HEAP 6                 /* frames backing the kernel heap */
#define TEL_MEM_TASK_STACK 7           /* a task's stack */
#define TEL_MEM_GUARD 8                /* the unmapped guard page below a task stack */
#define TEL_MEM_PAGE_TABLE 9           /* page directories and page tables */
#define TEL_MEM_USER 10                /* a user task's pages (phase 4) */

#define TEL_TASK_RUNNING 0             /* task states (arg of TEL_EV_TASK_STATE) */
#define TEL_TASK_READY 1
#define TEL_TASK_BLOCKED 2
#define TEL_TASK_SLEEPING 3
#define TEL_TASK_EXITED 4

#define TEL_WAIT_NONE 0                /* why a task is blocked */
#define TEL_WAIT_INPUT 1               /* waiting for a byte from the console */
#define TEL_WAIT_LOCK 2                /* waiting for a mutex */
#define TEL_WAIT_SEMAPHORE 3           /* waiting on a semaphore */
#define TEL_WAIT_QUEUE 4               /* waiting for work, or for room, in a queue */
#define TEL_WAIT_SLEEP 5               /* sleeping until a time */
#define TEL_WAIT_TASK 6                /* waiting for another task to exit */

#define TEL_EXIT_NORMAL 0              /* how a task ended (arg of TEL_EV_TASK_EXIT) */
#define TEL_EXIT_KILLED 1              /* killed from the shell or by the kernel */
#define TEL_EXIT_FAULT 2               /* a CPU fault in the task (its own, not the kernel's) */
#define TEL_EXIT_STACK_OVERFLOW 3      /* ran into its guard page / stack limit */

#define TEL_LOCK_ACQUIRE 0             /* what happened to a lock (arg of TEL_EV_LOCK) */
#define TEL_LOCK_CONTEND 1             /* wanted it, but another task holds it */
#define TEL_LOCK_RELEASE 2

#define TEL_SCHED_COOP 0               /* scheduler modes (arg of TEL_EV_SCHED_MODE) */
#define TEL_SCHED_RR 1

#define TEL_POWER_REASON_POWEROFF 0    /* asked for: shell poweroff, a test finishing */
#define TEL_POWER_REASON_PANIC 1       /* the kernel panicked */

#define TEL_LOG_INFO 0                 /* log levels, payload byte 0 of TEL_EV_LOG */
#define TEL_LOG_WARN 1
#define TEL_LOG_ERROR 2

#endif

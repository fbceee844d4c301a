/*
 * Syscall ABI v1: the one door from a user task into the kernel.
 *
 * A user task puts the syscall number in EAX and up to five arguments in
 * EBX, ECX, EDX, ESI, EDI, then executes `int 0x80`. The result comes back
 * in EAX: zero or more is success, a negative number is -E* (abi/errno.h).
 * Every pointer a user task passes is checked before the kernel touches it.
 *
 * Single source of truth: tools/gen-abi.ts copies these into TypeScript.
 */
#ifndef ABI_SYSCALL_H
#define ABI_SYSCALL_H

#define SYS_VECTOR 0x80

#define SYS_EXIT 1                     /* (code): ends the task; never returns */
#define SYS_YIELD 2                    /* (): let another task run */
#define SYS_SLEEP 3                    /* (ms): block for at least ms milliseconds */
#define SYS_GETPID 4                   /* (): the caller's task id */
#define SYS_WRITE 5                    /* (fd, buf, len): bytes written; fd 1 = console, FD_NULL = discard */
#define SYS_READ 6                     /* (fd, buf, len): bytes read, blocks for at least one; fd 0 = console */
#define SYS_ALLOC 7                    /* (len): address of len bytes of zeroed memory, charged to the task's budget */
#define SYS_FREE 8                     /* (addr): give back what SYS_ALLOC returned */
#define SYS_SPAWN 9                    /* (name, len): task id of a new task running the named program */
#define SYS_WAIT 10                    /* (pid, status_out): waits for a child; writes its exit code */
#define SYS_TIME 11                    /* (): milliseconds since boot */
#define SYS_STATS 12                   /* (buf, len): copies a struct sys_stats; returns its size */
#define SYS_KCTL 13                    /* (cmd, len): runs a kernel monitor command line (boot, log, ps, ...); only for tasks the kernel started (the shell), else EPERM */
#define SYS_COUNT 14                   /* numbers run from 1 to SYS_COUNT - 1 */

#define FD_CONSOLE_IN 0                /* descriptors every task has */
#define FD_CONSOLE_OUT 1
#define FD_NULL 3                      /* writes are checked and copied in, then dropped */

/* Argument kinds, one hex digit per argument, the first argument lowest.
   The kernel's trace and the studio's syscall log print arguments by kind. */
#define ARG_NONE 0
#define ARG_INT 1                      /* a plain number */
#define ARG_FD 2                       /* a descriptor: 0 console in, 1 console out */
#define ARG_PTR_IN 3                   /* user memory the kernel reads; the next argument is its length */
#define ARG_PTR_OUT 4                  /* user memory the kernel writes; the next argument is its length */
#define ARG_LEN 5                      /* the length of the pointer before it */
#define ARG_PID 6                      /* a task id */
#define ARG_ADDR 7                     /* an address SYS_ALLOC returned */
#define ARG_PTR_U32 8                  /* user memory for one u32 the kernel writes */

#define SYS_EXIT_ARGS 0x1
#define SYS_YIELD_ARGS 0x0
#define SYS_SLEEP_ARGS 0x1
#define SYS_GETPID_ARGS 0x0
#define SYS_WRITE_ARGS 0x532
#define SYS_READ_ARGS 0x542
#define SYS_ALLOC_ARGS 0x1
#define SYS_FREE_ARGS 0x7
#define SYS_SPAWN_ARGS 0x53
#define SYS_WAIT_ARGS 0x86
#define SYS_TIME_ARGS 0x0
#define SYS_STATS_ARGS 0x54
#define SYS_KCTL_ARGS 0x53

/* What SYS_STATS copies out: the seed's "observability as an API". */
#define STATS_OFF_UPTIME_MS 0          /* u32 */
#define STATS_OFF_TASKS 4              /* u32 tasks alive */
#define STATS_OFF_RUNNABLE 8           /* u32 tasks ready to run (run-queue depth) */
#define STATS_OFF_FRAMES_FREE 12       /* u32 */
#define STATS_OFF_FRAMES_TOTAL 16      /* u32 */
#define STATS_OFF_HEAP_USED 20         /* u32 bytes */
#define STATS_OFF_HEAP_SIZE 24         /* u32 bytes */
#define STATS_OFF_SYSCALLS 28          /* u32 syscalls made since boot */
#define STATS_OFF_SYSCALL_ERRORS 32    /* u32 of those, refused with an error */
#define STATS_SIZE 36

/* Where user programs live in their address space. */
#define USER_BASE 0x40000000           /* programs are linked here */
#define USER_STACK_TOP 0xBFFFF000      /* the stack grows down from here */
#define USER_STACK_PAGES 4             /* with an unmapped guard page below */
#define USER_HEAP_BASE 0x60000000      /* SYS_ALLOC hands out pages from here */
#define USER_LIMIT 0xC0000000          /* user pointers must end below this */

#endif

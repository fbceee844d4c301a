/*
 * Error codes: stable numbers a syscall returns (negated) when it refuses.
 * Each names one kind of mistake, so a caller can react to it; the kernel
 * also counts every refusal, by code, for the studio's syscall log.
 */
#ifndef ABI_ERRNO_H
#define ABI_ERRNO_H

#define EPERM 1                        /* not allowed for this task */
#define ENOENT 2                       /* no such program */
#define ESRCH 3                        /* no such task */
#define EBADF 9                        /* not a descriptor this task has */
#define ECHILD 10                      /* not a child of this task */
#define EAGAIN 11                      /* would block: try again */
#define ENOMEM 12                      /* out of memory, or over the task's budget */
#define EFAULT 14                      /* a pointer to memory the task may not use */
#define EINVAL 22                      /* an argument out of range */
#define ENAMETOOLONG 36                /* a name or command line too long */
#define ENOSYS 38                      /* no such syscall */
#define ERR_COUNT 39                   /* codes are below this */

#endif

/* The user-space library: syscall stubs and a few helpers over them. */
#ifndef ULIB_H
#define ULIB_H

#include "types.h"
#include "abi/syscall.h"
#include "abi/errno.h"

int syscall5(u32 num, u32 a, u32 b, u32 c, u32 d, u32 e);

void exit(int code) __attribute__((noreturn));
int yield(void);
int sleep(u32 ms);
int getpid(void);
int write(int fd, const void *buf, u32 len);
int read(int fd, void *buf, u32 len);
void *alloc(u32 len);                 /* NULL on failure */
int free(void *p);
int spawn(const char *name_and_args);
int wait(int pid, int *status);
u32 time_ms(void);
int stats(void *buf, u32 len);
int kctl(const char *cmd);

int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int puts(const char *s);
const char *strerror(int err);        /* err as returned: negative */

#endif

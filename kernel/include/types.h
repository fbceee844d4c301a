/* Fixed-width integer types: the kernel has no libc. */
#ifndef TYPES_H
#define TYPES_H

typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long long u64;
typedef signed char i8;
typedef short i16;
typedef int i32;
typedef long long i64;
typedef u32 uptr_t;        /* an address held as a number */
typedef u32 size_t;

#define NULL ((void *)0)
#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

typedef _Bool bool;
#define true 1
#define false 0

#endif

#ifndef ELF_H
#define ELF_H

#include "types.h"

/* Load an ELF32 executable into address space pd; 0 or -E*. */
int elf_load(u32 *pd, u32 owner, const u8 *file, u32 size, u32 *entry);

/* The user programs linked into the kernel (generated: build/user/programs.c). */
struct program {
    const char *name;
    const u8 *start, *end;
};
extern const struct program programs[];
extern const u32 nprograms;
const struct program *program_find(const char *name);

#endif

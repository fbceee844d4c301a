/*
 * Loading a user program: an ELF32 executable (built from kernel/user/ and
 * linked into the kernel image). Every field of the file is checked before
 * it is used: a program is input, and input can be wrong.
 */
#include "elf.h"
#include "abi/errno.h"
#include "abi/syscall.h"
#include "kernel.h"
#include "mm.h"
#include "string.h"

struct elf_header {
    u8 ident[16];
    u16 type, machine;
    u32 version, entry, phoff, shoff, flags;
    u16 ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
} __attribute__((packed));

struct elf_segment {
    u32 type, offset, vaddr, paddr, filesz, memsz, flags, align;
} __attribute__((packed));

#define PT_LOAD 1
#define PF_W 2

static bool segment_ok(const struct elf_segment *s, u32 file_size)
{
    return s->filesz <= s->memsz && s->offset <= file_size && s->filesz <= file_size - s->offset &&
           s->vaddr >= USER_BASE && s->vaddr < USER_LIMIT && s->memsz <= USER_LIMIT - s->vaddr;
}

/* Map the segment's pages and copy its bytes in; the rest stays zero. */
static int load_segment(u32 *pd, u32 owner, const u8 *file, const struct elf_segment *s)
{
    u32 start = s->vaddr & ~(PAGE_SIZE - 1);
    for (u32 va = start; va < s->vaddr + s->memsz; va += PAGE_SIZE)
        if (!(vm_flags(pd, va) & PTE_PRESENT) && !vm_map_new(pd, va, owner, true))
            return -ENOMEM;
    for (u32 done = 0; done < s->filesz;) {         /* a page at a time */
        u32 va = s->vaddr + done;
        u32 chunk = PAGE_SIZE - (va & (PAGE_SIZE - 1));
        if (chunk > s->filesz - done)
            chunk = s->filesz - done;
        memcpy((void *)vm_phys(pd, va), file + s->offset + done, chunk);
        done += chunk;
    }
    return 0;
}

int elf_load(u32 *pd, u32 owner, const u8 *file, u32 size, u32 *entry)
{
    const struct elf_header *h = (const void *)file;
    if (size < sizeof(*h) || memcmp(h->ident, "\x7F" "ELF", 4) != 0 || h->ident[4] != 1 ||
        h->machine != 3 || h->type != 2 || h->phentsize != sizeof(struct elf_segment) ||
        h->phoff > size || (u32)h->phnum * sizeof(struct elf_segment) > size - h->phoff)
        return -ENOENT;                     /* not an i386 executable we can run */
    bool entry_ok = false;
    for (u32 i = 0; i < h->phnum; i++) {
        const struct elf_segment *s = (const void *)(file + h->phoff + i * sizeof(*s));
        if (s->type != PT_LOAD)
            continue;
        if (!segment_ok(s, size))
            return -ENOENT;
        int err = load_segment(pd, owner, file, s);
        if (err)
            return err;
        if (h->entry >= s->vaddr && h->entry < s->vaddr + s->memsz)
            entry_ok = true;
    }
    if (!entry_ok)
        return -ENOENT;
    *entry = h->entry;
    return 0;
}

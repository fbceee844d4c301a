/*
 * The first instructions MiniOS runs. A multiboot loader (QEMU, v86, GRUB)
 * finds the header below, loads the kernel at 1 MiB and jumps to _start in
 * 32-bit protected mode with EAX = magic and EBX = the multiboot info.
 * We only need a stack before C can run.
 */
#define MB_MAGIC 0x1BADB002
#define MB_FLAGS 0x00000003            /* align modules, give us a memory map */

        .section .multiboot
        .align 4
        .long MB_MAGIC
        .long MB_FLAGS
        .long -(MB_MAGIC + MB_FLAGS)

        .section .bss
        .align 16
boot_stack_bottom:
        .skip 16384
        .globl boot_stack_top
boot_stack_top:

        .section .text
        .globl _start
_start:
        cli
        mov %eax, %edx
        /* Zero .bss: not every loader does, and C assumes it. */
        mov $bss_start, %edi
        mov $kernel_end, %ecx
        sub %edi, %ecx
        shr $2, %ecx
        xor %eax, %eax
        rep stosl
        mov %edx, %eax
        mov $boot_stack_top, %esp
        xor %ebp, %ebp                 /* ends every backtrace */
        push %ebx                      /* multiboot info */
        push %eax                      /* multiboot magic */
        call kmain
1:      cli
        hlt
        jmp 1b

/*
 * One tiny entry stub per interrupt vector. The CPU pushes an error code for
 * some exceptions and not others; the stubs push a dummy 0 where it doesn't,
 * so every trap reaches trap() with the same struct trapframe layout.
 */
#define SEL_KDATA 0x10

.macro VEC_NOERR n
        .globl vec\n
vec\n:
        pushl $0
        pushl $\n
        jmp trap_common
.endm

.macro VEC_ERR n
        .globl vec\n
vec\n:
        pushl $\n
        jmp trap_common
.endm

        .text
VEC_NOERR 0
VEC_NOERR 1
VEC_NOERR 2
VEC_NOERR 3
VEC_NOERR 4
VEC_NOERR 5
VEC_NOERR 6
VEC_NOERR 7
VEC_ERR   8
VEC_NOERR 9
VEC_ERR   10
VEC_ERR   11
VEC_ERR   12
VEC_ERR   13
VEC_ERR   14
VEC_NOERR 15
VEC_NOERR 16
VEC_ERR   17
VEC_NOERR 18
VEC_NOERR 19
VEC_NOERR 20
VEC_ERR   21
VEC_NOERR 22
VEC_NOERR 23
VEC_NOERR 24
VEC_NOERR 25
VEC_NOERR 26
VEC_NOERR 27
VEC_NOERR 28
VEC_ERR   29
VEC_ERR   30
VEC_NOERR 31
.irp n, 32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47
VEC_NOERR \n
.endr

/* The syscall gate, int 0x80 (abi/syscall.h). */
        .globl vec128
vec128:
        pushl $0
        pushl $128
        jmp trap_common

trap_common:
        pushal
        pushl %ds
        pushl %es
        pushl %fs
        pushl %gs
        movw $SEL_KDATA, %ax
        movw %ax, %ds
        movw %ax, %es
        pushl %esp                     /* the struct trapframe * argument */
        call trap
        addl $4, %esp
        popl %gs
        popl %fs
        popl %es
        popl %ds
        popal
        addl $8, %esp                  /* vector and error code */
        iret

/* The table idt.c uses to find each stub. */
        .section .rodata
        .globl vector_table
vector_table:
.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47
        .long vec\n
.endr

/*
 * Where a user program starts. The kernel enters here in ring 3 with EAX
 * pointing at the program's argument string (on its stack); main's return
 * value becomes the exit code.
 */
        .section .text.start
        .globl _start
_start:
        xor %ebp, %ebp
        push %eax                      /* const char *args */
        call main
        push %eax
        call exit
1:      jmp 1b

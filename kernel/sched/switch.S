/*
 * The context switch: the whole of "running another task" is swapping the
 * stack pointer. swtch(&old->esp, new->esp) pushes the registers C expects
 * a call to preserve, saves esp, loads the other task's esp and pops its
 * registers; the `ret` then returns into wherever that task last called
 * swtch (or, for a new task, into task_entry: see task.c).
 */
        .text
        .globl swtch
swtch:
        movl 4(%esp), %eax             /* u32 *save */
        movl 8(%esp), %edx             /* u32 load */
        pushl %ebp
        pushl %ebx
        pushl %esi
        pushl %edi
        movl %esp, (%eax)
        movl %edx, %esp
        popl %edi
        popl %esi
        popl %ebx
        popl %ebp
        ret

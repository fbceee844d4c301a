/*
 * User tasks: a program from the kernel image, running in ring 3 in its own
 * address space. A user task is a kernel task (it has a kernel stack for its
 * syscalls and interrupts) that builds an address space, loads the program
 * and then "returns" to ring 3 with iret. When it faults, it dies alone.
 */
#include "syscall.h"
#include "elf.h"
#include "kernel.h"
#include "mm.h"
#include "printf.h"
#include "sched.h"
#include "string.h"
#include "trap.h"
#include "x86.h"

#define SEL_UCODE (0x18 | 3)
#define SEL_UDATA (0x20 | 3)
#define MAX_EXITS 32

/* Exit codes of user tasks that ended, until their parent waits for them. */
static struct exit_record {
    u32 pid, parent;
    int code;
} exits[MAX_EXITS];
static u32 next_exit;

const struct program *program_find(const char *name)
{
    for (u32 i = 0; i < nprograms; i++)
        if (strcmp(programs[i].name, name) == 0)
            return &programs[i];
    return NULL;
}

/* Push the argument string onto the new user stack; returns its address. */
static u32 push_args(u32 *pd, const char *args)
{
    u32 len = strlen(args) + 1;
    u32 at = (USER_STACK_TOP - len - 16) & ~15u;
    memcpy((void *)vm_phys(pd, at), args, len);    /* within the stack's top page */
    return at;
}

/* Leave the kernel for good: build the frame iret expects and jump to ring 3. */
static void __attribute__((noreturn)) enter_user(u32 entry, u32 esp, u32 arg)
{
    asm volatile("mov %0, %%ds; mov %0, %%es; mov %0, %%fs; mov %0, %%gs\n"
                 "pushl %0\n"                   /* ss */
                 "pushl %1\n"                   /* esp */
                 "pushl $0x202\n"               /* eflags: interrupts on */
                 "pushl %2\n"                   /* cs */
                 "pushl %3\n"                   /* eip */
                 "iret"
                 : : "r"(SEL_UDATA), "r"(esp), "i"(SEL_UCODE), "r"(entry), "a"(arg) : "memory");
    __builtin_unreachable();
}

/* The new task's first code: build its address space, then leave for
   ring 3. The address space belongs to the task from the moment it exists,
   so a kill at any point here frees it (the reaper calls vm_destroy). */
static void user_main(void *arg)
{
    (void)arg;
    struct task *t = task_self();
    const struct program *prog = t->prog;
    u32 *pd = vm_create(t->id);
    if (!pd)
        task_exit(ENOMEM);
    t->pagedir = pd;
    u32 entry = 0;
    int err = elf_load(pd, t->id, prog->start, prog->end - prog->start, &entry);
    u32 low = USER_STACK_TOP - USER_STACK_PAGES * PAGE_SIZE;
    for (u32 va = low; !err && va < USER_STACK_TOP; va += PAGE_SIZE)
        if (!vm_map_new(pd, va, t->id, true))
            err = -ENOMEM;
    if (err) {
        klog(TEL_LOG_ERROR, "spawn: cannot load '%s': error %d", prog->name, err);
        task_exit((u32)-err);
    }
    u32 args = push_args(pd, t->args);
    cli();
    t->user_stack_low = low;
    t->heap_next = USER_HEAP_BASE;
    user_enter_context(t);
    enter_user(entry, args - 16, args);
}

int user_spawn(const char *what, u32 parent)
{
    char name[16];
    u32 n = 0;
    while (what[n] && what[n] != ' ' && n < sizeof(name) - 1) {
        name[n] = what[n];
        n++;
    }
    name[n] = 0;
    const struct program *prog = program_find(name);
    if (!prog)
        return -ENOENT;
    const char *args = what + n;
    while (*args == ' ')
        args++;
    /* Interrupts stay off until the task is fully described: it is on the
       run queue as soon as task_create returns. */
    u32 flags = irq_save();
    u32 id = task_create(name, user_main, NULL);
    struct task *t = id ? task_find(id) : NULL;
    if (t) {
        t->user = true;
        t->parent = parent;
        t->prog = prog;
        strlcpy(t->args, args, sizeof(t->args));
    }
    irq_restore(flags);
    return id ? (int)id : -ENOMEM;
}

void user_task_exited(struct task *t, u32 code)
{
    if (!t->user)
        return;
    exits[next_exit % MAX_EXITS] = (struct exit_record){ t->id, t->parent, (int)code };
    next_exit++;
}

/* The reaper runs on another task's stack, so the address space can go. */
void user_task_free(struct task *t)
{
    if (t->pagedir)
        vm_destroy(t->pagedir);
    t->pagedir = NULL;
}

int user_wait(u32 pid, u32 parent, int *code)
{
    struct task *t = task_find(pid);
    if (t && (!t->user || t->parent != parent))
        return -ECHILD;
    if (t)
        task_join(pid);
    for (u32 i = 0; i < MAX_EXITS; i++) {
        if (exits[i].pid == pid && exits[i].parent == parent && pid) {
            *code = exits[i].code;
            exits[i].pid = 0;                   /* each exit is collected once */
            return 0;
        }
    }
    return -ECHILD;
}

/* Load next's address space and kernel stack before it runs. */
void user_enter_context(struct task *next)
{
    u32 *pd = next->pagedir ? next->pagedir : kernel_pagedir();
    if (read_cr3() != (u32)pd)
        write_cr3((u32)pd);
    tss_set_kernel_stack(next->stack_top);
}

static const char *fault_reason(struct task *t, struct trapframe *tf, u32 cr2)
{
    if (tf->vector != 14)
        return exception_name(tf->vector);
    if (cr2 < PAGE_SIZE)
        return "NULL pointer dereference";
    if (cr2 >= t->user_stack_low - PAGE_SIZE && cr2 < t->user_stack_low)
        return "stack overflow into the guard page";
    if (cr2 >= USER_LIMIT || cr2 < USER_BASE)
        return "access to kernel memory";
    return "access to an unmapped address";
}

/* A CPU fault in ring 3: the task broke a rule. Kill it, not the kernel. */
void user_fault(struct trapframe *tf)
{
    struct task *t = task_self();
    u32 cr2 = read_cr2();
    u32 addr = tf->vector == 14 ? cr2 : tf->eip;
    kprintf("task %u '%s' killed: %s (%s) at eip %08x, address %08x\n", t->id, t->name,
            fault_reason(t, tf, cr2), exception_mnemonic(tf->vector), tf->eip, addr);
    klog(TEL_LOG_WARN, "task %u '%s' killed by %s at %08x", t->id, t->name,
         exception_mnemonic(tf->vector), tf->eip);
    u32 payload[3] = { tf->eip, addr, tf->error };
    telemetry_emit_task(TEL_EV_USER_FAULT, (u16)tf->vector, t->id, payload, sizeof(payload));
    task_die(TEL_EXIT_FAULT, 128 + tf->vector);
}

#ifndef KTEST_H
#define KTEST_H

#include "kernel.h"

struct ktest {
    const char *name;
    void (*run)(void);          /* returns on success */
};

void ktest_fail(const char *what) __attribute__((noreturn));
u32 ktest_param(const char *key, u32 fallback);

void test_timer(void);
void test_telemetry(void);
void test_bench_loop(void);
void test_heap_random(void);
void test_budget(void);
void test_frames(void);
void test_bench_heap(void);
void test_bad_free(void);
void test_user(void);
void test_user_isolation(void);
void test_syscall_fuzz(void);
void test_sched_fair(void);
void test_sched_starve(void);
void test_sched_sleep(void);
void test_sched_race(void);
void test_sched_deadlock(void);
void test_sched_pool(void);
void test_sched_kill(void);
void test_stack_overflow(void);
void test_task_fault(void);
void test_bench_switch(void);
void test_bench_calls(void);

#endif

/* Deliberate CPU exceptions, for the shell's `panic` command and the tests. */
#ifndef FAULTS_H
#define FAULTS_H

#include "types.h"

struct fault {
    const char *name;         /* e.g. "divide" */
    u32 vector;               /* the exception it raises */
    u32 engines;              /* ENGINE_* bits: where the CPU model raises it */
    void (*trigger)(void);
};

#define ENGINE_QEMU 1
#define ENGINE_V86 2

bool fault_supported(const struct fault *f);
u32 faults_list(const struct fault **faults);
const struct fault *fault_find(const char *name);
void fault_raise(const struct fault *f);   /* a deliberate kernel panic */
bool fault_deliberate(void);

#endif

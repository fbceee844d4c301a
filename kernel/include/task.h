/*
 * Tasks and scheduling (phase 3): what the rest of the kernel may ask about
 * tasks. The scheduler's own interface is in sched.h.
 */
#ifndef TASK_H
#define TASK_H

#include "types.h"

/* The id of the task running now; 0 = the kernel itself (boot, or idle). */
u32 task_current_id(void);
/* A task's name, or "?" for an unknown id. */
const char *task_name(u32 id);

#endif

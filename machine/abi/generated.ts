// generated from kernel/include/abi/errno.h by tools/gen-abi.ts — do not edit
export const EPERM = 1;
export const ENOENT = 2;
export const ESRCH = 3;
export const EBADF = 9;
export const ECHILD = 10;
export const EAGAIN = 11;
export const ENOMEM = 12;
export const EFAULT = 14;
export const EINVAL = 22;
export const ENAMETOOLONG = 36;
export const ENOSYS = 38;
export const ERR_COUNT = 39;

// generated from kernel/include/abi/power.h by tools/gen-abi.ts — do not edit
export const EXIT_OK = 0;
export const EXIT_TEST_FAILED = 1;
export const EXIT_PANIC = 2;
export const EXIT_BAD_CMDLINE = 3;
export const QEMU_DEBUG_EXIT_PORT = 0xF4;
export const QEMU_FW_CFG_PORT = 0x510;

// generated from kernel/include/abi/syscall.h by tools/gen-abi.ts — do not edit
export const SYS_VECTOR = 0x80;
export const SYS_EXIT = 1;
export const SYS_YIELD = 2;
export const SYS_SLEEP = 3;
export const SYS_GETPID = 4;
export const SYS_WRITE = 5;
export const SYS_READ = 6;
export const SYS_ALLOC = 7;
export const SYS_FREE = 8;
export const SYS_SPAWN = 9;
export const SYS_WAIT = 10;
export const SYS_TIME = 11;
export const SYS_STATS = 12;
export const SYS_KCTL = 13;
export const SYS_COUNT = 14;
export const FD_CONSOLE_IN = 0;
export const FD_CONSOLE_OUT = 1;
export const FD_NULL = 3;
export const ARG_NONE = 0;
export const ARG_INT = 1;
export const ARG_FD = 2;
export const ARG_PTR_IN = 3;
export const ARG_PTR_OUT = 4;
export const ARG_LEN = 5;
export const ARG_PID = 6;
export const ARG_ADDR = 7;
export const ARG_PTR_U32 = 8;
export const SYS_EXIT_ARGS = 0x1;
export const SYS_YIELD_ARGS = 0x0;
export const SYS_SLEEP_ARGS = 0x1;
export const SYS_GETPID_ARGS = 0x0;
export const SYS_WRITE_ARGS = 0x532;
export const SYS_READ_ARGS = 0x542;
export const SYS_ALLOC_ARGS = 0x1;
export const SYS_FREE_ARGS = 0x7;
export const SYS_SPAWN_ARGS = 0x53;
export const SYS_WAIT_ARGS = 0x86;
export const SYS_TIME_ARGS = 0x0;
export const SYS_STATS_ARGS = 0x54;
export const SYS_KCTL_ARGS = 0x53;
export const STATS_OFF_UPTIME_MS = 0;
export const STATS_OFF_TASKS = 4;
export const STATS_OFF_RUNNABLE = 8;
export const STATS_OFF_FRAMES_FREE = 12;
export const STATS_OFF_FRAMES_TOTAL = 16;
export const STATS_OFF_HEAP_USED = 20;
export const STATS_OFF_HEAP_SIZE = 24;
export const STATS_OFF_SYSCALLS = 28;
export const STATS_OFF_SYSCALL_ERRORS = 32;
export const STATS_SIZE = 36;
export const USER_BASE = 0x40000000;
export const USER_STACK_TOP = 0xBFFFF000;
export const USER_STACK_PAGES = 4;
export const USER_HEAP_BASE = 0x60000000;
export const USER_LIMIT = 0xC0000000;

// generated from kernel/include/abi/telemetry.h by tools/gen-abi.ts — do not edit
export const TEL_VERSION = 1;
export const TEL_ANCHOR_ADDR = 0x500;
export const TEL_ANCHOR_MAGIC = 0x4C45544D;
export const TEL_ANCHOR_SIZE = 16;
export const TEL_ANCHOR_OFF_MAGIC = 0;
export const TEL_ANCHOR_OFF_VERSION = 4;
export const TEL_ANCHOR_OFF_RING = 8;
export const TEL_ANCHOR_OFF_RING_SIZE = 12;
export const TEL_RING_MAGIC = 0x474E4952;
export const TEL_HDR_SIZE = 64;
export const TEL_HDR_OFF_MAGIC = 0;
export const TEL_HDR_OFF_VERSION = 4;
export const TEL_HDR_OFF_EVENT_SIZE = 8;
export const TEL_HDR_OFF_CAPACITY = 12;
export const TEL_HDR_OFF_HEAD = 16;
export const TEL_HDR_OFF_TAIL = 20;
export const TEL_HDR_OFF_DROPPED = 24;
export const TEL_HDR_OFF_POWER = 28;
export const TEL_HDR_OFF_STATUS = 32;
export const TEL_HDR_OFF_TICK_HZ = 36;
export const TEL_HDR_OFF_TICKS = 40;
export const TEL_HDR_OFF_HOST_REQUEST = 44;
export const TEL_REQ_REPLAY = 0x1;
export const TEL_POWER_ON = 0;
export const TEL_POWER_OFF = 1;
export const TEL_EV_SIZE = 32;
export const TEL_EV_OFF_TYPE = 0;
export const TEL_EV_OFF_ARG = 2;
export const TEL_EV_OFF_TIME = 4;
export const TEL_EV_OFF_TASK = 8;
export const TEL_EV_OFF_REQUEST = 12;
export const TEL_EV_OFF_PAYLOAD = 16;
export const TEL_EV_PAYLOAD_SIZE = 16;
export const TEL_EV_BOOT_STEP = 0x0101;
export const TEL_EV_BOOT_DONE = 0x0102;
export const TEL_EV_LOG = 0x0103;
export const TEL_EV_LOG_CONT = 0x0104;
export const TEL_EV_PANIC = 0x0105;
export const TEL_EV_POWER = 0x0106;
export const TEL_EV_TEST = 0x0107;
export const TEL_EV_MEM_REGION = 0x0201;
export const TEL_EV_FRAME_ALLOC = 0x0202;
export const TEL_EV_FRAME_FREE = 0x0203;
export const TEL_EV_HEAP_ALLOC = 0x0204;
export const TEL_EV_HEAP_FREE = 0x0205;
export const TEL_EV_BUDGET_REFUSED = 0x0206;
export const TEL_EV_HEAP_GROW = 0x0207;
export const TEL_EV_LEAK = 0x0208;
export const TEL_EV_TASK_NEW = 0x0301;
export const TEL_EV_TASK_STATE = 0x0302;
export const TEL_EV_TASK_SWITCH = 0x0303;
export const TEL_EV_TASK_EXIT = 0x0304;
export const TEL_EV_LOCK = 0x0305;
export const TEL_EV_QUEUE_DEPTH = 0x0306;
export const TEL_EV_SCHED_MODE = 0x0307;
export const TEL_EV_DEADLOCK = 0x0308;
export const TEL_EV_SYSCALL_ENTER = 0x0401;
export const TEL_EV_SYSCALL_EXIT = 0x0402;
export const TEL_EV_USER_FAULT = 0x0403;
export const TEL_MEM_USABLE = 0;
export const TEL_MEM_RESERVED = 1;
export const TEL_MEM_KERNEL = 2;
export const TEL_MEM_TELEMETRY = 3;
export const TEL_MEM_STACK = 4;
export const TEL_MEM_VGA = 5;
export const TEL_MEM_HEAP = 6;
export const TEL_MEM_TASK_STACK = 7;
export const TEL_MEM_GUARD = 8;
export const TEL_MEM_PAGE_TABLE = 9;
export const TEL_MEM_USER = 10;
export const TEL_TASK_RUNNING = 0;
export const TEL_TASK_READY = 1;
export const TEL_TASK_BLOCKED = 2;
export const TEL_TASK_SLEEPING = 3;
export const TEL_TASK_EXITED = 4;
export const TEL_WAIT_NONE = 0;
export const TEL_WAIT_INPUT = 1;
export const TEL_WAIT_LOCK = 2;
export const TEL_WAIT_SEMAPHORE = 3;
export const TEL_WAIT_QUEUE = 4;
export const TEL_WAIT_SLEEP = 5;
export const TEL_WAIT_TASK = 6;
export const TEL_EXIT_NORMAL = 0;
export const TEL_EXIT_KILLED = 1;
export const TEL_EXIT_FAULT = 2;
export const TEL_EXIT_STACK_OVERFLOW = 3;
export const TEL_LOCK_ACQUIRE = 0;
export const TEL_LOCK_CONTEND = 1;
export const TEL_LOCK_RELEASE = 2;
export const TEL_SCHED_COOP = 0;
export const TEL_SCHED_RR = 1;
export const TEL_POWER_REASON_POWEROFF = 0;
export const TEL_POWER_REASON_PANIC = 1;
export const TEL_LOG_INFO = 0;
export const TEL_LOG_WARN = 1;
export const TEL_LOG_ERROR = 2;

// telemetry event type -> lower-case name (TEL_EV_BOOT_STEP -> "boot_step")
export const TEL_EVENT_NAMES: Record<number, string> = {
  [TEL_EV_BOOT_STEP]: 'boot_step',
  [TEL_EV_BOOT_DONE]: 'boot_done',
  [TEL_EV_LOG]: 'log',
  [TEL_EV_LOG_CONT]: 'log_cont',
  [TEL_EV_PANIC]: 'panic',
  [TEL_EV_POWER]: 'power',
  [TEL_EV_TEST]: 'test',
  [TEL_EV_MEM_REGION]: 'mem_region',
  [TEL_EV_FRAME_ALLOC]: 'frame_alloc',
  [TEL_EV_FRAME_FREE]: 'frame_free',
  [TEL_EV_HEAP_ALLOC]: 'heap_alloc',
  [TEL_EV_HEAP_FREE]: 'heap_free',
  [TEL_EV_BUDGET_REFUSED]: 'budget_refused',
  [TEL_EV_HEAP_GROW]: 'heap_grow',
  [TEL_EV_LEAK]: 'leak',
  [TEL_EV_TASK_NEW]: 'task_new',
  [TEL_EV_TASK_STATE]: 'task_state',
  [TEL_EV_TASK_SWITCH]: 'task_switch',
  [TEL_EV_TASK_EXIT]: 'task_exit',
  [TEL_EV_LOCK]: 'lock',
  [TEL_EV_QUEUE_DEPTH]: 'queue_depth',
  [TEL_EV_SCHED_MODE]: 'sched_mode',
  [TEL_EV_DEADLOCK]: 'deadlock',
  [TEL_EV_SYSCALL_ENTER]: 'syscall_enter',
  [TEL_EV_SYSCALL_EXIT]: 'syscall_exit',
  [TEL_EV_USER_FAULT]: 'user_fault',
};

// syscall number -> name and argument kinds (SYS_WRITE -> "write", SYS_WRITE_ARGS)
export const SYSCALLS: Record<number, { name: string; args: number }> = {
  [SYS_EXIT]: { name: 'exit', args: SYS_EXIT_ARGS },
  [SYS_YIELD]: { name: 'yield', args: SYS_YIELD_ARGS },
  [SYS_SLEEP]: { name: 'sleep', args: SYS_SLEEP_ARGS },
  [SYS_GETPID]: { name: 'getpid', args: SYS_GETPID_ARGS },
  [SYS_WRITE]: { name: 'write', args: SYS_WRITE_ARGS },
  [SYS_READ]: { name: 'read', args: SYS_READ_ARGS },
  [SYS_ALLOC]: { name: 'alloc', args: SYS_ALLOC_ARGS },
  [SYS_FREE]: { name: 'free', args: SYS_FREE_ARGS },
  [SYS_SPAWN]: { name: 'spawn', args: SYS_SPAWN_ARGS },
  [SYS_WAIT]: { name: 'wait', args: SYS_WAIT_ARGS },
  [SYS_TIME]: { name: 'time', args: SYS_TIME_ARGS },
  [SYS_STATS]: { name: 'stats', args: SYS_STATS_ARGS },
  [SYS_KCTL]: { name: 'kctl', args: SYS_KCTL_ARGS },
};

// error code -> name (EFAULT -> "EFAULT")
export const ERROR_NAMES: Record<number, string> = {
  [EPERM]: 'EPERM',
  [ENOENT]: 'ENOENT',
  [ESRCH]: 'ESRCH',
  [EBADF]: 'EBADF',
  [ECHILD]: 'ECHILD',
  [EAGAIN]: 'EAGAIN',
  [ENOMEM]: 'ENOMEM',
  [EFAULT]: 'EFAULT',
  [EINVAL]: 'EINVAL',
  [ENAMETOOLONG]: 'ENAMETOOLONG',
  [ENOSYS]: 'ENOSYS',
};

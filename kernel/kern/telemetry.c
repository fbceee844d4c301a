/*
 * The telemetry ring (layout in abi/telemetry.h). The kernel is the only
 * writer of events and `head`; the host is the only writer of `tail`. An
 * event is written completely before `head` moves, so the host never reads
 * half an event. When the ring is full we drop the new event and count it:
 * observability must not stall the thing it observes.
 */
#include "kernel.h"
#include "sched.h"
#include "drivers.h"
#include "string.h"
#include "x86.h"

#define CAPACITY 8192        /* events; a power of two */
#define barrier() asm volatile("" ::: "memory")

struct ring {
    u8 header[TEL_HDR_SIZE];
    u8 events[CAPACITY][TEL_EV_SIZE];
} __attribute__((aligned(4096)));

static struct ring ring;
static bool ready;

static volatile u32 *hdr32(u32 off)
{
    return (volatile u32 *)(ring.header + off);
}

static void put16(u8 *p, u16 v) { p[0] = v & 0xFF; p[1] = v >> 8; }
static void put32(u8 *p, u32 v) { put16(p, v & 0xFFFF); put16(p + 2, v >> 16); }

void telemetry_init(void)
{
    memset(ring.header, 0, sizeof(ring.header));  /* events are written whole */
    *hdr32(TEL_HDR_OFF_MAGIC) = TEL_RING_MAGIC;
    *hdr32(TEL_HDR_OFF_VERSION) = TEL_VERSION;
    *hdr32(TEL_HDR_OFF_EVENT_SIZE) = TEL_EV_SIZE;
    *hdr32(TEL_HDR_OFF_CAPACITY) = CAPACITY;
    *hdr32(TEL_HDR_OFF_TICK_HZ) = TICK_HZ;
    *hdr32(TEL_HDR_OFF_POWER) = TEL_POWER_ON;

    /* Announce the ring last, so the host never sees a half-built one. */
    volatile u32 *anchor = (volatile u32 *)TEL_ANCHOR_ADDR;
    anchor[TEL_ANCHOR_OFF_VERSION / 4] = TEL_VERSION;
    anchor[TEL_ANCHOR_OFF_RING / 4] = (u32)&ring;
    anchor[TEL_ANCHOR_OFF_RING_SIZE / 4] = telemetry_ring_size();
    barrier();
    anchor[TEL_ANCHOR_OFF_MAGIC / 4] = TEL_ANCHOR_MAGIC;
    ready = true;
}

void telemetry_emit(u16 type, u16 arg, const void *payload, u32 len)
{
    telemetry_emit_task(type, arg, 0, payload, len);
}

void telemetry_emit_task(u16 type, u16 arg, u32 task, const void *payload, u32 len)
{
    if (!ready)
        return;
    u32 flags = irq_save();
    u32 head = *hdr32(TEL_HDR_OFF_HEAD);
    u32 tail = *hdr32(TEL_HDR_OFF_TAIL);
    if (head - tail >= CAPACITY) {
        (*hdr32(TEL_HDR_OFF_DROPPED))++;
        irq_restore(flags);
        return;
    }
    u8 *ev = ring.events[head % CAPACITY];
    memset(ev, 0, TEL_EV_SIZE);
    put16(ev + TEL_EV_OFF_TYPE, type);
    put16(ev + TEL_EV_OFF_ARG, arg);
    put32(ev + TEL_EV_OFF_TIME, (u32)timer_us());
    put32(ev + TEL_EV_OFF_TASK, task);
    put32(ev + TEL_EV_OFF_REQUEST, 0);
    memcpy(ev + TEL_EV_OFF_PAYLOAD, payload, len < TEL_EV_PAYLOAD_SIZE ? len : TEL_EV_PAYLOAD_SIZE);
    barrier();
    *hdr32(TEL_HDR_OFF_HEAD) = head + 1;
    irq_restore(flags);
}

/* The host restored a saved machine and lost its history: say it again.
   Runs from the timer interrupt, so whatever the kernel is doing, the
   answer comes within a tick. */
static void replay(void)
{
    boot_report();
    memmap_report();
    task_report_all();
}

void telemetry_tick(u32 ticks)
{
    if (!ready)
        return;
    *hdr32(TEL_HDR_OFF_TICKS) = ticks;
    u32 req = *hdr32(TEL_HDR_OFF_HOST_REQUEST);
    if (req) {
        *hdr32(TEL_HDR_OFF_HOST_REQUEST) = 0;
        if (req & TEL_REQ_REPLAY)
            replay();
    }
}

void telemetry_power(u32 status, u32 reason)
{
    if (!ready)
        return;
    u32 payload[4] = { reason, 0, 0, 0 };
    telemetry_emit(TEL_EV_POWER, (u16)status, payload, sizeof(payload));
    *hdr32(TEL_HDR_OFF_STATUS) = status;
    barrier();
    *hdr32(TEL_HDR_OFF_POWER) = TEL_POWER_OFF;
}

/* Where the ring lives, for the memory map. */
u32 telemetry_ring_addr(void) { return (u32)&ring; }
u32 telemetry_ring_size(void) { return TEL_HDR_SIZE + CAPACITY * TEL_EV_SIZE; }  /* sizeof(ring) is padded */

u32 telemetry_dropped(void)
{
    return ready ? *hdr32(TEL_HDR_OFF_DROPPED) : 0;
}

u32 telemetry_written(void)
{
    return ready ? *hdr32(TEL_HDR_OFF_HEAD) : 0;
}

/* True when the host has read every event written so far. */
bool telemetry_drained(void)
{
    return !ready || *hdr32(TEL_HDR_OFF_TAIL) == *hdr32(TEL_HDR_OFF_HEAD);
}

/*
 * The VGA text screen: 80x25 cells at physical 0xB8000, each a character
 * byte and a colour byte. We keep a cursor, scroll when we reach the bottom
 * and move the blinking hardware cursor through the CRT controller.
 */
#include "drivers.h"
#include "string.h"
#include "x86.h"

#define COLS 80
#define ROWS 25
#define CRTC_INDEX 0x3D4
#define CRTC_DATA 0x3D5

static volatile u16 *const screen = (u16 *)0xB8000;
static u32 row, col;
static u8 color = 0x07;        /* light grey on black */

static void move_cursor(void)
{
    u16 pos = (u16)(row * COLS + col);
    outb(CRTC_INDEX, 14);
    outb(CRTC_DATA, pos >> 8);
    outb(CRTC_INDEX, 15);
    outb(CRTC_DATA, pos & 0xFF);
}

static void scroll(void)
{
    for (u32 i = 0; i < (ROWS - 1) * COLS; i++)
        screen[i] = screen[i + COLS];
    for (u32 i = (ROWS - 1) * COLS; i < ROWS * COLS; i++)
        screen[i] = (u16)(color << 8 | ' ');
    row = ROWS - 1;
}

void vga_init(void)
{
    for (u32 i = 0; i < ROWS * COLS; i++)
        screen[i] = (u16)(color << 8 | ' ');
    row = col = 0;
    move_cursor();
}

void vga_set_color(u8 attr)
{
    color = attr;
}

void vga_putc(char c)
{
    switch (c) {
    case '\n':
        col = 0;
        row++;
        break;
    case '\r':
        col = 0;
        break;
    case '\b':
        if (col > 0)
            col--;
        break;
    default:
        screen[row * COLS + col] = (u16)(color << 8 | (u8)c);
        if (++col == COLS) {
            col = 0;
            row++;
        }
    }
    if (row == ROWS)
        scroll();
    move_cursor();
}

/*
 * PCI configuration space, through the legacy 0xCF8/0xCFC ports. A PC BIOS
 * normally sets up the chipset; under v86 there is no BIOS, so we do the two
 * things MiniOS relies on: route the PCI interrupt lines (PIRQ) of the PIIX3
 * to real IRQs, and clear the IDE controller's legacy BARs, which is what
 * lets the emulator save and restore the machine.
 */
#include "drivers.h"
#include "kernel.h"
#include "printf.h"
#include "x86.h"

#define CONFIG_ADDR 0xCF8
#define CONFIG_DATA 0xCFC

#define PIIX3_ISA 0x70008086       /* device << 16 | vendor */
#define PIIX3_IDE 0x70108086

u32 pci_read(u32 bus, u32 dev, u32 fn, u32 off)
{
    outl(CONFIG_ADDR, 0x80000000u | bus << 16 | dev << 11 | fn << 8 | (off & 0xFC));
    return inl(CONFIG_DATA);
}

void pci_write(u32 bus, u32 dev, u32 fn, u32 off, u32 v)
{
    outl(CONFIG_ADDR, 0x80000000u | bus << 16 | dev << 11 | fn << 8 | (off & 0xFC));
    outl(CONFIG_DATA, v);
}

static void setup(u32 dev, u32 fn, u32 id)
{
    if (id == PIIX3_ISA) {
        /* PIRQA..D -> IRQ 10, 11, 10, 11 (config bytes 0x60-0x63) */
        pci_write(0, dev, fn, 0x60, 0x0B0A0B0A);
    } else if (id == PIIX3_IDE) {
        pci_write(0, dev, fn, 0x10, 0);
        pci_write(0, dev, fn, 0x14, 0);
    }
}

static u32 scan(bool print)
{
    u32 found = 0;
    for (u32 dev = 0; dev < 32; dev++) {
        for (u32 fn = 0; fn < 8; fn++) {
            u32 id = pci_read(0, dev, fn, 0);
            if ((id & 0xFFFF) == 0xFFFF)
                continue;
            found++;
            u32 cls = pci_read(0, dev, fn, 8) >> 16;
            if (print)
                kprintf("  00:%02x.%u  %04x:%04x  class %04x\n",
                        dev, fn, id & 0xFFFF, id >> 16, cls);
            else
                setup(dev, fn, id);
        }
    }
    return found;
}

void pci_init(void)
{
    u32 n = scan(false);
    klog(TEL_LOG_INFO, "pci: %u functions on bus 0", n);
}

void pci_list(void)
{
    kprintf("bus 0 (slot.fn  vendor:device  class):\n");
    scan(true);
}

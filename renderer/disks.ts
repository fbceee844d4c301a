/*
 * Disk images in the studio: drop a file on the window (or File › Open disk
 * image…) to import it into the library with a progress bar, then attach it
 * as the machine's first IDE disk — which needs a reset, since v86 attaches
 * disks at boot. The library dialog lists, attaches, exports, renames and
 * deletes images. A bad file is refused here with a clear message before
 * anything is sent (the host checks again).
 */
import { LIMITS, type HostApi, type ImageSummary } from '../app/common/host-api.ts';
import type { MenuItem } from './menus.ts';
import type { Studio } from './studio.ts';
import type { ShowDialog } from './sessions.ts';
import { fmtBytes } from './sessions.ts';
import { toast } from './toast.ts';
import { confirmDelete, el } from './dialog-parts.ts';

export interface DiskDeps {
  host: HostApi;
  studio: Studio;
  showDialog: ShowDialog;
  showError: (title: string, e: unknown) => void;
  /** Where the status bar chip goes (before this element). */
  statusBefore: HTMLElement;
}

export const PHASE6_NOTE = 'The disk is on the emulated IDE controller. MiniOS has no disk driver until phase 6, so the guest does not read it yet; it is kept with saved sessions.';

/** Why a file cannot be a disk image, or null when its size is fine. */
export function imageFileProblem(name: string, size: number): string | null {
  if (size === 0) return `${name} is empty: a disk image holds at least one 512-byte sector.`;
  if (size % 512 !== 0) return `${name} is ${size.toLocaleString('en-US')} bytes, which is not a whole number of 512-byte sectors, so it is not a raw disk image.`;
  if (size > LIMITS.imageBytes) return `${name} is ${fmtBytes(size)}; the studio imports disk images up to ${fmtBytes(LIMITS.imageBytes)}.`;
  return null;
}

export class DisksUi {
  private readonly input = el('input');
  private readonly chip = el('button', 'status-item status-button');
  private depth = 0;

  constructor(private readonly d: DiskDeps) {
    this.input.type = 'file';
    this.input.hidden = true;
    this.input.id = 'disk-input';
    this.input.addEventListener('change', () => {
      const f = this.input.files?.[0];
      this.input.value = '';
      if (f) void this.importFile(f);
    });
    document.body.append(this.input);
    this.chip.id = 'disk-info';
    this.chip.hidden = true;
    this.chip.addEventListener('click', () => void this.openDialog());
    d.statusBefore.before(this.chip);
    this.installDrop();
  }

  menuItems(): MenuItem[] {
    return [
      { id: 'file.disk', label: 'Open disk image…', run: () => this.input.click(), separator: true },
      { id: 'file.images', label: 'Disk images…', run: () => void this.openDialog() },
    ];
  }

  /** Shows the attached disk in the status bar. */
  render(): void {
    const disk = this.d.studio.disk;
    this.chip.hidden = !disk;
    if (disk) {
      this.chip.textContent = `disk: ${disk.name} · ${fmtBytes(disk.bytes.byteLength)}`;
      this.chip.title = `${disk.name} is attached as the first IDE disk (hda). ${PHASE6_NOTE} Click to manage disk images.`;
    }
  }

  private installDrop(): void {
    const hasFiles = (e: DragEvent) => e.dataTransfer?.types.includes('Files') ?? false;
    window.addEventListener('dragenter', (e) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      this.depth++;
      document.body.classList.add('drop-active');
    });
    window.addEventListener('dragover', (e) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      e.dataTransfer!.dropEffect = 'copy';
    });
    window.addEventListener('dragleave', () => {
      if (--this.depth <= 0) {
        this.depth = 0;
        document.body.classList.remove('drop-active');
      }
    });
    window.addEventListener('drop', (e) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      this.depth = 0;
      document.body.classList.remove('drop-active');
      const files = [...(e.dataTransfer?.files ?? [])];
      if (files.length > 1) toast(`${files.length} files dropped: importing the first, ${files[0].name}`, { timeoutMs: 4000 });
      if (files[0]) void this.importFile(files[0]);
    });
  }

  /** Imports a file into the library (with progress), then offers to attach it. A bad file changes nothing. */
  async importFile(file: File): Promise<void> {
    const problem = imageFileProblem(file.name, file.size);
    if (problem) {
      this.d.showError('Not a disk image', Object.assign(new Error(problem), { code: 'bad-image' }));
      return;
    }
    try {
      await file.slice(0, 512).arrayBuffer(); // an unreadable file fails here, before anything is sent
    } catch (e) {
      this.d.showError('Cannot read the file', new Error(`${file.name} cannot be read (${e instanceof Error ? e.message : String(e)}).`));
      return;
    }
    const t = toast(`Importing ${file.name}… 0%`, { progress: 0, id: 'import' });
    try {
      const info = await this.d.host.importImage(file, file.name, (bytes, total) => t.update(`Importing ${file.name}… ${Math.floor((bytes / Math.max(1, total)) * 100)}%`, bytes / Math.max(1, total)));
      t.update(`Imported ${info.name} (${fmtBytes(info.size)})`, 1);
      t.el.classList.replace('info', 'ok');
      t.close(3000);
      this.offerAttach(info);
    } catch (e) {
      t.close();
      this.d.showError(`Cannot import ${file.name}`, e);
    }
  }

  private offerAttach(info: ImageSummary): void {
    const body = el('div');
    body.append(
      el('p', undefined, `${info.name} (${fmtBytes(info.size)}) is in the disk image library.`),
      el('p', undefined, `Attaching it as the machine's disk resets the machine: v86 connects disks only at boot, so the running guest is replaced by a fresh boot with the disk (save the session first to keep it). ${PHASE6_NOTE}`),
    );
    this.d.showDialog('Attach the disk image?', body, [{ label: 'Keep in library' }, { label: 'Attach and reset', primary: true, run: () => void this.attach(info) }]);
  }

  async attach(info: ImageSummary): Promise<void> {
    if (info.size > LIMITS.diskBytes) {
      this.d.showError('Cannot attach the disk', new Error(`${info.name} is ${fmtBytes(info.size)}; the studio attaches disks up to ${fmtBytes(LIMITS.diskBytes)}.`));
      return;
    }
    try {
      const bytes = await this.d.host.readImage(info.id);
      await this.d.studio.boot({ disk: { imageId: info.id, name: info.name, bytes: bytes.slice().buffer as ArrayBuffer } });
      this.render();
      toast(`Attached ${info.name} as the disk and reset the machine`, { kind: 'ok', timeoutMs: 3500 });
    } catch (e) {
      this.d.showError(`Cannot attach ${info.name}`, e);
    }
  }

  async detach(): Promise<void> {
    await this.d.studio.boot({ disk: null });
    this.render();
  }

  async openDialog(): Promise<void> {
    let list: ImageSummary[];
    try {
      list = await this.d.host.listImages();
    } catch (e) {
      this.d.showError('Cannot list disk images', e);
      return;
    }
    const dialog = document.getElementById('dialog') as HTMLDialogElement;
    const body = el('div', 'session-list');
    body.append(el('p', undefined, `Drop an image file on the window, or File › Open disk image…, to add one. ${PHASE6_NOTE}`));
    if (list.length === 0) body.append(el('p', undefined, 'The library is empty.'));
    const attached = this.d.studio.disk?.imageId;
    for (const img of list) {
      const row = el('div', 'session-row image-row');
      row.dataset.image = img.name;
      const info = el('div', 'session-info');
      const name = el('div', 'session-name', img.name);
      if (img.id === attached) name.append(el('span', 'chip current-chip', 'attached'));
      info.append(name, el('div', 'session-meta', `${fmtBytes(img.size)} · imported ${new Date(img.createdAt).toLocaleString()} · sha256 ${img.contentHash.slice(0, 12)}…`));
      const actions = el('div', 'session-actions');
      const act = (label: string, run?: () => void, primary = false) => {
        const b = el('button', primary ? 'button primary' : 'button', label);
        if (run) b.addEventListener('click', run);
        actions.append(b);
        return b;
      };
      if (img.id === attached) act('Detach', () => (dialog.close(), void this.detach()));
      else act('Attach', () => (dialog.close(), void this.attach(img)), true);
      act('Export', () => void this.d.host.exportImage(img.id).catch((e) => this.d.showError('Cannot export the image', e)));
      act('Rename', () => {
        const input = el('input', 'text-input');
        input.value = img.name;
        input.setAttribute('aria-label', 'New name');
        name.replaceWith(input);
        input.focus();
        input.select();
        input.addEventListener('keydown', async (e) => {
          e.stopPropagation();
          if (e.key === 'Escape') return void (e.preventDefault(), input.replaceWith(name));
          if (e.key !== 'Enter') return;
          try {
            const r = await this.d.host.renameImage(img.id, input.value.trim());
            name.firstChild!.textContent = r.name;
            input.replaceWith(name);
          } catch (err) {
            dialog.close();
            this.d.showError('Cannot rename the image', err);
          }
        });
      });
      const del = act('Delete');
      confirmDelete(del, async () => {
        try {
          await this.d.host.deleteImage(img.id);
          row.remove();
        } catch (err) {
          dialog.close();
          this.d.showError('Cannot delete the image', err);
        }
      });
      if (img.id === attached) del.disabled = true;
      row.append(info, actions);
      body.append(row);
    }
    this.d.showDialog(`Disk images (${list.length})`, body, [{ label: 'Close', primary: true }]);
    dialog.classList.add('wide');
    dialog.addEventListener('close', () => dialog.classList.remove('wide'), { once: true });
  }
}

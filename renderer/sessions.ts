/*
 * Machine sessions in the studio: Save (Ctrl+S) over the session the machine
 * came from, Save as…, the Sessions… dialog (thumbnails; restore, rename,
 * delete), recent sessions in the File menu, and a banner on start offering
 * to continue the last one. Restoring boots a fresh machine with the same
 * kernel and command line and loads the saved state into it, so the guest
 * carries on where it was; the console's text comes back with it.
 */
import type { HostApi, SessionSummary } from '../app/common/host-api.ts';
import type { MenuItem } from './menus.ts';
import type { Studio } from './studio.ts';
import type { GuestConsole } from './console.ts';
import { consoleThumbnail } from './thumbnail.ts';
import { STATE_FORMAT, packState, unpackState } from './session-blob.ts';
import { toast } from './toast.ts';
import { confirmDelete, el } from './dialog-parts.ts';

export type ShowDialog = (title: string, body: Node | string, buttons?: { label: string; primary?: boolean; run?: () => void }[]) => void;

export interface SessionDeps {
  host: HostApi;
  studio: Studio;
  console: GuestConsole;
  showDialog: ShowDialog;
  showError: (title: string, e: unknown) => void;
  /** The toolbar banner (shared with the "kernel rebuilt" note). */
  banner: HTMLElement;
  /** The File menu's items: recent sessions are kept in it, after the item with id `recentAfter`. */
  fileMenu: () => MenuItem[];
  recentAfter: string;
  consoleColors: () => { background: string; foreground: string };
}

export function fmtBytes(n: number): string {
  if (n >= 1 << 30) return `${(n / (1 << 30)).toFixed(1)} GiB`;
  if (n >= 1 << 20) return `${(n / (1 << 20)).toFixed(1)} MiB`;
  if (n >= 1 << 10) return `${(n / (1 << 10)).toFixed(0)} KiB`;
  return `${n} bytes`;
}

export function fmtAgo(t: number, now = Date.now()): string {
  const s = Math.max(0, Math.round((now - t) / 1000));
  if (s < 60) return s < 5 ? 'just now' : `${s} s ago`;
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86400) return `${Math.round(s / 3600)} h ago`;
  return new Date(t).toLocaleString();
}

export class SessionsUi {
  /** The session the running machine was restored from or last saved as (Save overwrites it). */
  current: { id: number; name: string } | null = null;
  private busy = false;
  private adopting = false;

  constructor(private readonly d: SessionDeps) {
    d.studio.machineChanged.on(() => {
      if (!this.adopting) this.current = null; // a reset or new kernel is a new machine
    });
  }

  menuItems(): MenuItem[] {
    return [
      { id: 'machine.save', label: 'Save session', shortcut: 'Ctrl+S', run: () => void this.save(), enabled: () => this.d.studio.machine !== null, separator: true },
      { id: 'machine.saveas', label: 'Save session as…', shortcut: 'Ctrl+Shift+S', run: () => this.saveAs(), enabled: () => this.d.studio.machine !== null },
      { id: 'machine.sessions', label: 'Sessions…', shortcut: 'Ctrl+Shift+O', run: () => void this.openDialog() },
    ];
  }

  save(): Promise<void> {
    if (!this.current) {
      this.saveAs();
      return Promise.resolve();
    }
    return this.saveNow(this.current.name, this.current.id);
  }

  saveAs(): void {
    const wrap = el('div');
    const p = el('p', undefined, 'Saves the whole machine — memory, CPU, devices and the console — so it can continue later exactly where it is now.');
    const input = el('input', 'text-input');
    input.value = this.current ? `${this.current.name} (copy)` : `Session ${new Date().toLocaleString()}`;
    input.spellcheck = false;
    input.maxLength = 200;
    input.setAttribute('aria-label', 'Session name');
    wrap.append(p, input);
    const go = () => void this.saveNow(input.value.trim());
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') {
        e.preventDefault();
        (document.getElementById('dialog') as HTMLDialogElement).close();
        go();
      }
    });
    this.d.showDialog('Save session as', wrap, [{ label: 'Cancel' }, { label: 'Save', primary: true, run: go }]);
    input.focus();
    input.select();
  }

  private async saveNow(name: string, replace?: number): Promise<void> {
    const { studio, host } = this.d;
    const m = studio.machine;
    if (!m || this.busy) return;
    this.busy = true;
    const t = toast(`Saving '${name}'…`);
    try {
      const config = await studio.config();
      const raw = new Uint8Array(await m.saveState());
      const thumbnail = await consoleThumbnail(this.d.console.term, this.d.consoleColors()).catch(() => undefined);
      const disk = studio.disk ? { imageId: studio.disk.imageId, bytes: new Uint8Array(studio.disk.bytes) } : undefined;
      const info = await host.saveSession({ name, config, stateFormat: STATE_FORMAT, state: packState(raw, this.d.console.transcript), thumbnail, disk, replace });
      this.current = { id: info.id, name: info.name };
      t.el.classList.replace('info', 'ok');
      t.update(`Saved session '${info.name}' (${fmtBytes(info.stateSize)} of machine state)`);
      t.close(2500);
      void this.refreshRecent();
    } catch (e) {
      t.close();
      this.d.showError('Cannot save the session', e);
    } finally {
      this.busy = false;
    }
  }

  /** Restores a session into a fresh machine; on any failure says why and leaves a running machine. */
  async restore(s: Pick<SessionSummary, 'id' | 'name'> & { config?: SessionSummary['config'] }): Promise<void> {
    const { studio, host } = this.d;
    if (this.busy) return;
    this.busy = true;
    this.d.banner.hidden = true;
    const t = toast(`Restoring '${s.name}'…`);
    try {
      const summary = s.config ? s : (await host.listSessions()).find((x) => x.id === s.id);
      if (!summary?.config) throw new Error(`session '${s.name}' no longer exists`);
      if (!studio.kernel || studio.kernelSource !== 'host') await studio.boot({ source: 'host', kernel: undefined });
      const config = { ...(await studio.config()), cmdline: summary.config.cmdline };
      const loaded = await host.loadSession({ id: s.id, expect: { config, stateFormat: STATE_FORMAT } });
      const { v86State, consoleText } = unpackState(loaded.state);
      let disk = null;
      if (loaded.disk && loaded.info.diskImageId !== null) {
        const imageId = loaded.info.diskImageId;
        const name = (await host.listImages().catch(() => [])).find((i) => i.id === imageId)?.name ?? `image ${imageId}`;
        disk = { imageId, name, bytes: loaded.disk.slice().buffer as ArrayBuffer };
      }
      this.adopting = true;
      try {
        await studio.boot({ cmdline: summary.config.cmdline, disk, restore: { state: v86State, consoleText } });
      } finally {
        this.adopting = false;
      }
      this.current = { id: loaded.info.id, name: loaded.info.name };
      t.el.classList.replace('info', 'ok');
      t.update(`Restored '${loaded.info.name}': the machine continues where it was saved`);
      t.close(2500);
      void this.refreshRecent();
    } catch (e) {
      t.close();
      this.d.showError(`Cannot restore '${s.name}'`, e);
      if (!studio.machine) void studio.boot();
    } finally {
      this.busy = false;
      this.d.console.focus();
    }
  }

  async openDialog(): Promise<void> {
    let list: SessionSummary[];
    try {
      list = await this.d.host.listSessions();
    } catch (e) {
      this.d.showError('Cannot list sessions', e);
      return;
    }
    const dialog = document.getElementById('dialog') as HTMLDialogElement;
    const body = el('div', 'session-list');
    const urls: string[] = [];
    if (list.length === 0) body.append(el('p', undefined, 'No saved sessions yet. Machine › Save session (Ctrl+S) saves the running machine.'));
    for (const s of list) body.append(this.row(s, urls, dialog));
    this.d.showDialog(`Sessions (${list.length})`, body, [{ label: 'Close', primary: true }]);
    dialog.classList.add('wide');
    dialog.addEventListener('close', () => {
      dialog.classList.remove('wide');
      urls.forEach((u) => URL.revokeObjectURL(u));
    }, { once: true });
  }

  private row(s: SessionSummary, urls: string[], dialog: HTMLDialogElement): HTMLElement {
    const row = el('div', 'session-row');
    row.dataset.session = s.name;
    const thumb = el('div', 'session-thumb');
    if (s.thumbnail) {
      const img = el('img');
      const url = URL.createObjectURL(new Blob([s.thumbnail as Uint8Array<ArrayBuffer>], { type: 'image/png' }));
      urls.push(url);
      img.src = url;
      img.alt = `console of ${s.name}`;
      thumb.append(img);
    } else thumb.textContent = 'no picture';
    const info = el('div', 'session-info');
    const name = el('div', 'session-name', s.name);
    const meta = el('div', 'session-meta', `saved ${fmtAgo(s.updatedAt)} · created ${new Date(s.createdAt).toLocaleString()}`);
    const meta2 = el('div', 'session-meta', `${fmtBytes(s.stateSize)} state · ${fmtBytes(s.config.memoryBytes)} RAM${s.config.cmdline ? ` · ${s.config.cmdline}` : ''}${s.diskImageId !== null ? ' · with disk' : ''}`);
    if (this.current?.id === s.id) name.append(el('span', 'chip current-chip', 'running'));
    info.append(name, meta, meta2);
    const actions = el('div', 'session-actions');
    const restore = el('button', 'button primary', 'Restore');
    restore.addEventListener('click', () => {
      dialog.close();
      void this.restore(s);
    });
    const rename = el('button', 'button', 'Rename');
    rename.addEventListener('click', () => {
      const input = el('input', 'text-input');
      input.value = s.name;
      input.maxLength = 200;
      input.setAttribute('aria-label', 'New name');
      name.replaceWith(input);
      input.focus();
      input.select();
      const finish = async (commit: boolean) => {
        input.disabled = true;
        if (commit && input.value.trim() && input.value.trim() !== s.name) {
          try {
            const r = await this.d.host.renameSession(s.id, input.value.trim());
            s.name = r.name;
            name.firstChild!.textContent = r.name;
            row.dataset.session = r.name;
            if (this.current?.id === s.id) this.current.name = r.name;
            void this.refreshRecent();
          } catch (e) {
            dialog.close();
            this.d.showError('Cannot rename the session', e);
            return;
          }
        }
        input.replaceWith(name);
      };
      input.addEventListener('keydown', (e) => {
        e.stopPropagation();
        if (e.key === 'Enter') void finish(true);
        if (e.key === 'Escape') {
          e.preventDefault();
          void finish(false);
        }
      });
      input.addEventListener('blur', () => !input.disabled && void finish(true));
    });
    const del = el('button', 'button', 'Delete');
    confirmDelete(del, async () => {
      try {
        await this.d.host.deleteSession(s.id);
        if (this.current?.id === s.id) this.current = null;
        row.remove();
        void this.refreshRecent();
      } catch (e) {
        dialog.close();
        this.d.showError('Cannot delete the session', e);
      }
    });
    actions.append(restore, rename, del);
    row.append(thumb, info, actions);
    return row;
  }

  /** Puts the recent sessions into the File menu. */
  async refreshRecent(): Promise<void> {
    let recent: { id: number; name: string }[] = [];
    try {
      recent = (await this.d.host.getSettings()).recentSessions.slice(0, 5);
    } catch {
      return; // the menu keeps what it had
    }
    const items = this.d.fileMenu();
    for (let i = items.length - 1; i >= 0; i--) if (items[i].id.startsWith('file.recent.')) items.splice(i, 1);
    const at = items.findIndex((i) => i.id === this.d.recentAfter) + 1;
    const entries: MenuItem[] = recent.map((r, i) => ({
      id: `file.recent.${r.id}`,
      label: `Restore “${r.name}”`,
      run: () => void this.restore(r),
      separator: i === 0,
    }));
    items.splice(at, 0, ...entries);
  }

  /** On start: if there is a last session, offer it in the toolbar banner (never a modal). */
  async offerLast(): Promise<void> {
    let last: SessionSummary | undefined;
    try {
      const [settings, list] = await Promise.all([this.d.host.getSettings(), this.d.host.listSessions()]);
      const id = settings.recentSessions[0]?.id;
      last = list.find((s) => s.id === id);
    } catch {
      return;
    }
    if (!last) return;
    const b = this.d.banner;
    b.innerHTML = '';
    b.classList.add('session-banner');
    const go = el('button', 'link-button', 'Restore it');
    go.addEventListener('click', () => void this.restore(last));
    const no = el('button', 'icon-button', '×');
    no.title = 'Dismiss';
    no.addEventListener('click', () => (b.hidden = true));
    b.append(`Last session “${last.name}”, saved ${fmtAgo(last.updatedAt)} · `, go, no);
    b.hidden = false;
  }
}

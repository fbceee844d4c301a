/*
 * Toasts: short notes in the window's lower right corner that do not block
 * anything — "saved", an import's progress bar, an error with its message.
 * Each returns a handle to update its text and progress or close it.
 */
export interface Toast {
  update(text: string, progress?: number): void;
  close(afterMs?: number): void;
  readonly el: HTMLElement;
}

let stack: HTMLElement | null = null;

export function toast(text: string, opts: { kind?: 'info' | 'error' | 'ok'; progress?: number; timeoutMs?: number; id?: string } = {}): Toast {
  if (!stack) {
    stack = document.createElement('div');
    stack.className = 'toast-stack';
    stack.setAttribute('role', 'status');
    stack.setAttribute('aria-live', 'polite');
    document.body.append(stack);
  }
  const el = document.createElement('div');
  el.className = `toast ${opts.kind ?? 'info'}`;
  if (opts.id) el.dataset.toast = opts.id;
  const label = document.createElement('div');
  label.className = 'toast-text';
  const bar = document.createElement('div');
  bar.className = 'toast-progress';
  const fill = document.createElement('i');
  bar.append(fill);
  const close = document.createElement('button');
  close.className = 'icon-button toast-close';
  close.title = 'Dismiss';
  close.textContent = '×';
  el.append(label, bar, close);
  stack.append(el);
  let timer: ReturnType<typeof setTimeout> | null = null;
  const handle: Toast = {
    el,
    update(t, progress) {
      label.textContent = t;
      bar.hidden = progress === undefined;
      if (progress !== undefined) {
        fill.style.width = `${Math.max(0, Math.min(1, progress)) * 100}%`;
        bar.setAttribute('role', 'progressbar');
        bar.setAttribute('aria-valuenow', String(Math.round(progress * 100)));
      }
    },
    close(afterMs = 0) {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => el.remove(), afterMs);
    },
  };
  close.addEventListener('click', () => handle.close());
  handle.update(text, opts.progress);
  if (opts.timeoutMs) handle.close(opts.timeoutMs);
  return handle;
}

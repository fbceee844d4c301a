/*
 * Small pieces the library dialogs (sessions, disk images) share: making an
 * element, and a Delete button that asks once more before it acts.
 */

export const el = <K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] => {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
};

/** Makes `button` a two-step delete: the first click arms it ("Really delete?"), the second runs `remove`. */
export function confirmDelete(button: HTMLButtonElement, remove: () => Promise<void>): void {
  button.addEventListener('click', async () => {
    if (button.dataset.confirm !== '1') {
      button.dataset.confirm = '1';
      button.textContent = 'Really delete?';
      button.classList.add('danger');
      return;
    }
    await remove();
  });
}

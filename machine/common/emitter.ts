/* A tiny typed event emitter for code that runs in Node and in the browser. */
export class Emitter<T> {
  private listeners = new Set<(value: T) => void>();

  /** Adds a listener; the returned function removes it. */
  on(cb: (value: T) => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  emit(value: T): void {
    for (const cb of [...this.listeners]) cb(value);
  }

  clear(): void {
    this.listeners.clear();
  }
}

/*
 * One writer at a time. better-sqlite3 has one connection per Store; an import
 * keeps its transaction open across awaits (reading the file), so every other
 * write in this process waits its turn here instead of landing inside it.
 */
export class Mutex {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(fn: () => T | Promise<T>): Promise<T> {
    const result = this.tail.then(fn);
    this.tail = result.catch(() => {});
    return result;
  }
}

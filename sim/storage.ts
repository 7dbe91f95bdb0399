import type { Storage } from 'redux-persist';

/** A browser's localStorage, kept by the simulator across that browser's reloads. */
export class MemoryStorage implements Storage {
  readonly items = new Map<string, string>();
  /** What the pages wrote, for the benchmark: `setItem` calls and the characters they carried. */
  readonly written = { count: 0, chars: 0 };
  /** Writes attempted by a page after it was closed (a real browser has no such writes). */
  lateWrites = 0;

  getItem(key: string): Promise<string | null> {
    return Promise.resolve(this.items.has(key) ? this.items.get(key)! : null);
  }

  setItem(key: string, value: string): Promise<void> {
    this.written.count += 1;
    this.written.chars += key.length + value.length;
    this.items.set(key, value);
    return Promise.resolve();
  }

  removeItem(key: string): Promise<void> {
    this.items.delete(key);
    return Promise.resolve();
  }

  /**
   * The storage as one page load sees it. A closed page's timers die with it in a real browser,
   * but here they keep running (redux-persist writes on a timer): after `close()` its writes are
   * dropped, as they never happen in a browser, instead of landing over the next page's state.
   */
  page(): Storage & { close(): void } {
    let open = true;
    return {
      getItem: (key) => this.getItem(key),
      setItem: (key, value) => {
        if (open) return this.setItem(key, value);
        this.lateWrites += 1;
        return Promise.resolve();
      },
      removeItem: (key) => (open ? this.removeItem(key) : Promise.resolve()),
      close: () => {
        open = false;
      },
    };
  }
}

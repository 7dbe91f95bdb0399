import type { Storage } from 'redux-persist';

/** A browser's localStorage, kept by the simulator across that browser's reloads. */
export class MemoryStorage implements Storage {
  readonly items = new Map<string, string>();

  getItem(key: string): Promise<string | null> {
    return Promise.resolve(this.items.has(key) ? this.items.get(key)! : null);
  }

  setItem(key: string, value: string): Promise<void> {
    this.items.set(key, value);
    return Promise.resolve();
  }

  removeItem(key: string): Promise<void> {
    this.items.delete(key);
    return Promise.resolve();
  }
}

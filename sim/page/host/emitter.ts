/**
 * A Node-style event emitter for the page's stand-ins of SDK objects (TaskRouter's mirrors, the
 * Voice SDK's Device and Call): the SDKs' own objects are emitters with this API.
 */
type Listener = (...args: any[]) => void; // any: SDK events carry SDK-specific arguments

export class Emitter {
  private readonly listenersByEvent = new Map<string, Listener[]>();

  on(event: string, listener: Listener): this {
    this.listenersByEvent.set(event, [...(this.listenersByEvent.get(event) ?? []), listener]);
    return this;
  }

  addListener(event: string, listener: Listener): this {
    return this.on(event, listener);
  }

  once(event: string, listener: Listener): this {
    const once: Listener = (...args) => {
      this.removeListener(event, once);
      listener(...args);
    };
    return this.on(event, once);
  }

  removeListener(event: string, listener: Listener): this {
    const remaining = (this.listenersByEvent.get(event) ?? []).filter((l) => l !== listener);
    if (remaining.length > 0) this.listenersByEvent.set(event, remaining);
    else this.listenersByEvent.delete(event);
    return this;
  }

  off(event: string, listener: Listener): this {
    return this.removeListener(event, listener);
  }

  removeAllListeners(event?: string): this {
    if (event === undefined) this.listenersByEvent.clear();
    else this.listenersByEvent.delete(event);
    return this;
  }

  listenerCount(event: string): number {
    return this.listenersByEvent.get(event)?.length ?? 0;
  }

  emit(event: string, ...args: unknown[]): boolean {
    const listeners = this.listenersByEvent.get(event);
    if (!listeners) return false;
    for (const listener of [...listeners]) listener(...args);
    return true;
  }
}

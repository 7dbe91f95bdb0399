import { EventEmitter } from 'events';
import type { RemoteRef, WireError } from './protocol';

/** Where a shared object's events go: the tab that mirrors it queues them for its page. */
export type EventSink = (target: EventEmitter, event: string, args: unknown[]) => void;

const SKIP = Symbol('skip');

function isPlain(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** A Node object's methods, from its class down to (not including) EventEmitter's own. */
function methodsOf(target: EventEmitter): string[] {
  const names = new Set<string>();
  for (let proto = Object.getPrototypeOf(target); proto && proto !== EventEmitter.prototype && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      if (name === 'constructor' || name.startsWith('_')) continue;
      if (typeof Object.getOwnPropertyDescriptor(proto, name)?.value === 'function') names.add(name);
    }
  }
  return [...names];
}

/**
 * The contact center's objects that pages mirror (TaskRouter's Worker, Reservations, Tasks).
 * Each gets an id the first time it is sent to a page. From then on every event it emits, by
 * any name, is handed to the tabs it was sent to, with its arguments encoded at that instant:
 * the Node object stays the one source of truth, and no rule of TaskRouter's is repeated here.
 */
export class RemoteObjects {
  private nextId = 1;
  private readonly ids = new WeakMap<EventEmitter, number>();
  private readonly objects = new Map<number, EventEmitter>();
  private readonly sinks = new Map<number, Set<EventSink>>();

  get(id: number): EventEmitter {
    const target = this.objects.get(id);
    if (!target) throw new Error(`no shared object #${id}`);
    return target;
  }

  /** The object's id; the first time, its `emit` starts forwarding (every event name). */
  private idOf(target: EventEmitter): number {
    let id = this.ids.get(target);
    if (id !== undefined) return id;
    id = this.nextId++;
    this.ids.set(target, id);
    this.objects.set(id, target);
    const sinks = new Set<EventSink>();
    this.sinks.set(id, sinks);
    const emit = target.emit.bind(target);
    target.emit = (event: string | symbol, ...args: unknown[]): boolean => {
      if (typeof event === 'string') for (const sink of sinks) sink(target, event, args);
      return emit(event, ...args);
    };
    return id;
  }

  /** A reference the page turns into its mirror: id, current data, methods. Shares the object with `sink`. */
  ref(target: EventEmitter, sink: EventSink, visiting = new Set<EventEmitter>()): RemoteRef {
    const id = this.idOf(target);
    this.sinks.get(id)!.add(sink);
    if (visiting.has(target)) return { $ref: id };
    visiting.add(target);
    const ref: RemoteRef = { $ref: id, state: this.state(target, sink, visiting), methods: methodsOf(target) };
    visiting.delete(target);
    return ref;
  }

  /** The object's data fields (not its emitter internals, not its links to the server). */
  state(target: EventEmitter, sink: EventSink, visiting = new Set<EventEmitter>()): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(target)) {
      if (key.startsWith('_') || key === 'emit') continue;
      const value = this.encodeValue((target as unknown as Record<string, unknown>)[key], sink, visiting);
      if (value !== SKIP) out[key] = value;
    }
    return out;
  }

  /** Encodes for the page: shared objects become refs, Maps and Errors keep their shape. */
  encode(value: unknown, sink: EventSink): unknown {
    const encoded = this.encodeValue(value, sink, new Set());
    return encoded === SKIP ? { $undefined: true } : encoded;
  }

  private encodeValue(value: unknown, sink: EventSink, visiting: Set<EventEmitter>): unknown {
    if (value === undefined) return { $undefined: true };
    if (typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint') return SKIP;
    if (typeof value !== 'object' || value === null) return value;
    if (value instanceof EventEmitter) return this.ref(value, sink, visiting);
    if (Array.isArray(value)) return value.map((v) => {
      const encoded = this.encodeValue(v, sink, visiting);
      return encoded === SKIP ? null : encoded;
    });
    if (value instanceof Map) {
      return { $map: [...value].map(([k, v]) => [k, this.encodeValue(v, sink, visiting)]).filter(([, v]) => v !== SKIP) };
    }
    if (value instanceof Error) return encodeError(value);
    if (!isPlain(value)) return SKIP; // a link to a server object, a clock: not the page's business
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      if (inner === undefined) continue;
      const encoded = this.encodeValue(inner, sink, visiting);
      if (encoded !== SKIP) out[key] = encoded;
    }
    return out;
  }

  /** What a page sent: its mirrors' refs become the Node objects again. */
  decode(value: unknown): unknown {
    if (Array.isArray(value)) return value.map((v) => this.decode(v));
    if (typeof value !== 'object' || value === null) return value;
    const record = value as Record<string, unknown>;
    if (typeof record.$ref === 'number') return this.get(record.$ref);
    if (record.$undefined === true) return undefined;
    if (Array.isArray(record.$map)) return new Map((record.$map as Array<[unknown, unknown]>).map(([k, v]) => [k, this.decode(v)]));
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(record)) out[key] = this.decode(inner);
    return out;
  }
}

/** An Error as the page can rebuild it: name, message and the fields the SDK gives (status, response). */
export function encodeError(error: unknown): WireError {
  if (!(error instanceof Error)) return { $error: { name: 'Error', message: String(error) } };
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(error)) {
    try {
      fields[key] = JSON.parse(JSON.stringify(value));
    } catch {
      // a field that is not data (a socket, a request) stays behind
    }
  }
  return { $error: { ...fields, name: error.name, message: error.message } };
}

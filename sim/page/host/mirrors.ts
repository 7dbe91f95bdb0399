import type { CallReply, RemoteRef, WireError } from '../protocol';
import { Emitter } from './emitter';

/**
 * The page's TaskRouter SDK objects (`Worker`, `Reservation`, `Task`) are thin mirrors of the
 * contact center's objects in Node: their data is refreshed from Node before each event Node
 * forwards, and calling a method calls the Node object (its state comes back with the answer).
 * A reload loses them, as it loses the SDK's objects: the next page builds them anew.
 */
export class Mirror extends Emitter {
  [field: string]: unknown;
}

type CallNode = (target: number, method: string, args: unknown[]) => Promise<CallReply>;

const ID = Symbol('remote id');

function isRef(value: unknown): value is RemoteRef {
  return typeof value === 'object' && value !== null && typeof (value as RemoteRef).$ref === 'number';
}

function isWireError(value: unknown): value is WireError {
  return typeof value === 'object' && value !== null && typeof (value as WireError).$error === 'object';
}

/** An Error with the fields the SDK's request layer gives it (`status`, `response.headers`). */
export function toError(wire: WireError): Error {
  const { name, message, ...fields } = wire.$error;
  return Object.assign(new Error(message), { name }, fields);
}

export class Mirrors {
  private readonly byId = new Map<number, Mirror>();

  constructor(private readonly callNode: CallNode) {}

  /** Turns what Node sent into page values: refs become (fresh) mirrors. */
  decode(value: unknown): unknown {
    if (Array.isArray(value)) return value.map((v) => this.decode(v));
    if (typeof value !== 'object' || value === null) return value;
    if (isRef(value)) return this.mirror(value);
    if (isWireError(value)) return toError(value);
    const record = value as Record<string, unknown>;
    if (Array.isArray(record.$map)) return new Map((record.$map as Array<[unknown, unknown]>).map(([k, v]) => [k, this.decode(v)]));
    if (record.$undefined === true) return undefined;
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(record)) out[key] = this.decode(inner);
    return out;
  }

  /** Turns page values into what Node can read: mirrors become refs; functions stay behind. */
  encode(value: unknown, seen = new Set<unknown>()): unknown {
    if (value === undefined) return { $undefined: true };
    if (typeof value === 'function' || typeof value === 'symbol') return undefined;
    if (typeof value !== 'object' || value === null) return value;
    const id = (value as { [ID]?: number })[ID];
    if (id !== undefined) return { $ref: id };
    if (seen.has(value)) return undefined;
    seen.add(value);
    if (Array.isArray(value)) return value.map((v) => this.encode(v, seen));
    if (value instanceof Map) return { $map: [...value].map(([k, v]) => [k, this.encode(v, seen)]) };
    if (value instanceof Error) return { $error: { name: value.name, message: value.message } };
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      const encoded = this.encode(inner, seen);
      if (encoded !== undefined && !(typeof encoded === 'object' && encoded !== null && '$undefined' in encoded)) out[key] = encoded;
    }
    return out;
  }

  /** The mirror of a Node object, created on first sight, its data refreshed when Node sent some. */
  mirror(ref: RemoteRef): Mirror {
    let mirror = this.byId.get(ref.$ref);
    if (!mirror) {
      mirror = new Mirror();
      Object.defineProperty(mirror, ID, { value: ref.$ref });
      this.byId.set(ref.$ref, mirror);
    }
    for (const method of ref.methods ?? []) {
      if (Object.prototype.hasOwnProperty.call(mirror, method)) continue;
      const target = ref.$ref;
      Object.defineProperty(mirror, method, {
        enumerable: false,
        value: async (...args: unknown[]) => {
          const reply = await this.callNode(target, method, args.map((a) => this.encode(a)));
          if (isWireError(reply)) throw toError(reply);
          if (reply.state) this.refresh(target, reply.state);
          return this.decode(reply.result);
        },
      });
    }
    if (ref.state) this.refresh(ref.$ref, ref.state);
    return mirror;
  }

  private refresh(id: number, state: Record<string, unknown>): void {
    const mirror = this.byId.get(id);
    if (!mirror) return;
    for (const [key, value] of Object.entries(state)) mirror[key] = this.decode(value);
  }
}

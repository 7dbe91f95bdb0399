import type { Logger } from '../../sagas/services';
import type { AgentTab, LegFailure } from '../tab';
import { SimTask, SimWorker, type SimReservation } from '../taskrouter';
import type { World } from '../world';
import type { BootInfo, Delivery, NodeRequest } from './protocol';
import { encodeError, type EventSink, type RemoteObjects } from './remote';

/** What every tab of one contact center shares, whatever carries its page's messages. */
export interface TabHost {
  world: World;
  remote: RemoteObjects;
  /** Carries out a Twilio-bound Flex action (sim/actions.ts). */
  act(name: string, payload: unknown): Promise<void>;
  log: Logger;
  /** Delivers what every tab has queued (before a page hears the answer to its call). */
  flushAll(): Promise<void>;
  config: unknown;
  plugin: { url: string; name: string; version: string };
}

export type TabState = 'closed' | 'loading' | 'open';

/** A seed per agent: each page's jitter differs from the others' and is the same on every run. */
export function seedOf(agent: string): number {
  let hash = 2166136261;
  for (const char of agent) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619);
  return hash >>> 0;
}

/**
 * The contact-center side of an agent's page, whatever carries the messages (a Playwright binding
 * and `page.evaluate` in the browser engine, HTTP and Server-Sent Events in the playground): it
 * queues what TaskRouter, the conference and the Voice SDK tell the page, in order, and answers
 * the page's requests (boot, task methods, Flex actions, fetchTask, errors in the pipeline).
 *
 * States: `loading` (the page is starting; what happens meanwhile is queued for it), `open`,
 * `closed` (no page, or one on its way out: what happens meanwhile is lost, as for a real page).
 */
export abstract class RemoteTab implements AgentTab {
  protected state: TabState = 'closed';
  protected queue: Delivery[] = [];
  /** What a page that boots now is given as the worker's reservations. */
  protected held: SimReservation[] = [];
  protected readonly worker: SimWorker;
  protected readonly sink: EventSink;

  constructor(
    readonly agent: string,
    readonly workerSid: string,
    protected readonly host: TabHost,
  ) {
    this.worker = new SimWorker(workerSid);
    this.sink = (target, event, args) => {
      if (this.state === 'closed') return;
      const { remote } = this.host;
      this.queue.push({ kind: 'emit', target: remote.ref(target, this.sink), event, args: args.map((a) => remote.encode(a, this.sink)) });
    };
    this.host.remote.ref(this.worker, this.sink);
  }

  get isOpen(): boolean {
    return this.state !== 'closed';
  }

  get reservations(): SimReservation[] {
    return [...this.worker.reservations.values()];
  }

  get hasQueue(): boolean {
    return this.queue.length > 0;
  }

  abstract open(held: SimReservation[]): Promise<void>;
  abstract close(): Promise<void>;
  abstract reload(whileGone: () => SimReservation[]): Promise<void>;
  abstract invoke(action: string, payload: object): Promise<unknown>;
  abstract dispose(): Promise<void>;

  // ── what the contact center tells the page ─────────────────────────────────────────────────

  protected push(message: Delivery): void {
    if (this.state !== 'closed') this.queue.push(message);
  }

  hold(reservation: SimReservation): void {
    this.worker.reservations.set(reservation.sid, reservation);
    this.worker.emit('reservationCreated', reservation);
  }

  release(reservationSid: string): void {
    this.worker.reservations.delete(reservationSid);
    this.push({ kind: 'sync', target: this.host.remote.ref(this.worker, this.sink) });
  }

  showConference(taskSid: string, participants: object[]): void {
    this.push({ kind: 'conference', taskSid, participants: JSON.parse(JSON.stringify(participants)) });
  }

  connectCall(reservationSid: string, callSid: string): void {
    this.push({ kind: 'connectCall', reservationSid, callSid });
  }

  dropCall(reservationSid: string, failure?: LegFailure): void {
    this.push({ kind: 'dropCall', reservationSid, ...(failure ? { failure } : {}) });
  }

  managerEvent(name: string, ...args: unknown[]): void {
    this.push({ kind: 'managerEvent', name, args: args.map((a) => this.host.remote.encode(a, this.sink)) });
  }

  // ── what the page asks ─────────────────────────────────────────────────────────────────────

  /** A new page asks to boot: settle what it is given (`held`) before the answer is built. */
  protected abstract beforeBoot(): void;
  /** The page's plugin started (or did not: `failed` says why). */
  protected abstract ready(failed?: string): void;

  protected async handle(request: NodeRequest): Promise<unknown> {
    const { remote, world } = this.host;
    switch (request.kind) {
      case 'boot':
        this.beforeBoot();
        return this.bootInfo();
      case 'ready':
        if (request.failed) world.pipeline.errors.push(`${this.agent}: the plugin did not start: ${request.failed}`);
        this.ready(request.failed);
        return null;
      case 'call': {
        const target = remote.get(request.target) as unknown as Record<string, (...args: unknown[]) => unknown>;
        try {
          const result = await target[request.method](...(remote.decode(request.args) as unknown[]));
          await this.host.flushAll();
          return { state: remote.state(target as never, this.sink), result: remote.encode(result, this.sink) };
        } catch (error) {
          await this.host.flushAll();
          return encodeError(error);
        }
      }
      case 'action':
        try {
          world.actor = this.agent;
          await this.host.act(request.name, remote.decode(request.payload));
          // What the action changed reaches every page before this one hears it is done.
          await this.host.flushAll();
          return null;
        } catch (error) {
          await this.host.flushAll();
          return encodeError(error);
        }
      case 'fetchTask':
        try {
          return { result: remote.encode(new SimTask(world.server, request.taskSid), this.sink) };
        } catch (error) {
          return encodeError(error);
        }
      case 'pipelineError':
        world.pipeline.errors.push(request.message);
        return null;
    }
  }

  private bootInfo(): BootInfo {
    const { remote, plugin, config } = this.host;
    const worker = remote.ref(this.worker, this.sink);
    worker.state = { ...worker.state, reservations: { $map: this.held.map((r) => [r.sid, remote.ref(r, this.sink)]) } };
    return {
      agent: this.agent,
      workerSid: this.workerSid,
      accountSid: 'ACsimulated',
      config,
      worker,
      pluginUrl: plugin.url,
      pluginName: plugin.name,
      pluginVersion: plugin.version,
      seed: seedOf(this.agent),
    };
  }
}

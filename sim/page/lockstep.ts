import { settle, watch } from '../clock';
import type { World } from '../world';
import type { PageTab } from './pageTab';
import { PAGE_EPOCH, type PageReport } from './protocol';

/**
 * Time for the browser engine: the contact center's VirtualClock (Node) and each page's clock
 * (Playwright's, installed paused) move together, in order, one instant at a time.
 *
 * The discipline is a conservative discrete-event one, as in the Node engine's drive/runUntil
 * but with several clocks:
 *
 * 1. Come to rest ("quiesce"). Node's promise chains settle; each page gets what is queued for
 *    it (in order, one batch per page) and settles its own task queue; pages that are loading,
 *    closing or reloading are waited for (no time passes during a page load, as in the Node
 *    engine, where a reload is an instant). Then the counts are compared: calls a page started
 *    against calls Node received, answers Node gave against answers the page got, actions Node
 *    asked for against actions the page still runs. Anything in transit, or any change during
 *    the round, means another round. What is left is only waiting for time: a Node timer (a
 *    TaskRouter request's latency, a fault's delay) or a page timer (the plugin's backoff, its
 *    request timeout, the Complete budget, Flex's own).
 * 2. Find the next instant: the earliest of Node's next timer and each page's next timer (each
 *    page keeps a ledger of its timers, sim/page/host/timers.ts). Never further than the caller's
 *    limit.
 * 3. Move everything to that instant t: Node's clock first (without firing), so that whatever a
 *    page asks during its timers is stamped t on both sides; then each page's clock runs to t
 *    (`clock.runFor`), one page after the other in a fixed order, so that two agents' timers due
 *    at the same instant reach Node in the same order on every run; then Node's timers due at t
 *    fire one by one, coming to rest after each (their answers reach the pages at t).
 *
 * No event is skipped: nothing is due anywhere before t, and a page's clock fires every timer
 * up to t in its own order. Nothing deadlocks: a page waiting for an answer waits for a Node
 * timer (step 2 finds it) or for a delivery (step 1 makes it); a step that waits for nothing
 * scheduled anywhere is reported, as in the Node engine. The increments are as small as the
 * events are close: while a request is in flight they are its 20 ms of latency, and a quiet
 * hour is one step.
 */
export class Lockstep {
  constructor(
    private readonly world: World,
    private readonly tabs: () => PageTab[],
  ) {}

  /** Brings Node and every page to rest; returns the open pages' reports. */
  async quiesce(): Promise<PageReport[]> {
    for (let round = 0; round < 10_000; round++) {
      await settle();
      await this.lifecycle();
      const before = this.signature();
      const reports: PageReport[] = [];
      let inTransit = false;
      for (const tab of this.tabs()) {
        if (!tab.isLoaded) continue;
        const report = await tab.flush();
        if (!report) continue;
        reports.push(report);
        if (report.started !== tab.handlersStarted || report.answered !== tab.handlersFinished) inTransit = true;
        if (report.invoking !== tab.invokesPending) inTransit = true;
      }
      await settle();
      const pendingLifecycle = this.tabs().some((tab) => tab.pendingLifecycle().length > 0);
      const queued = this.tabs().some((tab) => tab.isLoaded && tab.hasQueue);
      if (!inTransit && !pendingLifecycle && !queued && before === this.signature()) return reports;
    }
    throw new Error('the pages never came to rest');
  }

  /** Runs `promise` (a step) to its end, moving time whenever everything is at rest. */
  async drive(promise: Promise<unknown>): Promise<void> {
    const step = watch(promise);
    for (;;) {
      const reports = await this.quiesce();
      if (step.done) break;
      const next = this.nextInstant(reports);
      if (next === null) {
        await this.quiesce();
        if (step.done) break;
        throw new Error('the step never finished and nothing is scheduled');
      }
      await this.advanceTo(next);
    }
    step.rethrow();
  }

  /** Lets everything due by `until` happen, in time order, and leaves every clock at `until`. */
  async runUntil(until: number): Promise<void> {
    for (;;) {
      const reports = await this.quiesce();
      const next = this.nextInstant(reports);
      if (next === null || next > until) break;
      await this.advanceTo(next);
    }
    if (until > this.world.clock.now()) await this.advanceTo(until);
    await this.quiesce();
  }

  private nextInstant(reports: PageReport[]): number | null {
    const now = this.world.clock.now();
    const candidates = [this.world.clock.nextAt, ...reports.map((r) => (r.next === null ? null : r.next - PAGE_EPOCH))].filter(
      (t): t is number => t !== null,
    );
    if (candidates.length === 0) return null;
    return Math.max(now, Math.min(...candidates));
  }

  private async advanceTo(t: number): Promise<void> {
    const { clock } = this.world;
    clock.moveTo(t);
    for (const tab of this.tabs()) {
      const report = await tab.runClockTo(t);
      if (report && report.now !== PAGE_EPOCH + t) {
        throw new Error(`${tab.agent}'s page clock reads ${report.now - PAGE_EPOCH} ms, the contact center's ${t} ms`);
      }
    }
    await this.quiesce();
    while (clock.fireNext(t)) await this.quiesce();
  }

  private async lifecycle(): Promise<void> {
    for (;;) {
      const pending = this.tabs().flatMap((tab) => tab.pendingLifecycle());
      if (pending.length === 0) return;
      // A failed open or reload fails its step (the step awaits the same promise).
      await Promise.all(pending.map((p) => p.catch(() => undefined)));
      await settle();
    }
  }

  /** What changes when anything happens: calls in and out, queues, Node timers. */
  private signature(): string {
    const tabs = this.tabs().map((t) => `${t.agent}:${t.handlersStarted}/${t.handlersFinished}/${t.invokesPending}/${t.hasQueue}/${t.isLoaded}`);
    return `${this.world.clock.pending}|${tabs.join(',')}`;
  }
}

import { createActionHandler } from './actions';
import { runClockUntil, settle, watch } from './clock';
import { setActionHandler } from './flexHost';
import { World, type WorldOptions } from './world';

/** One scenario's run on an engine: the contact center, and how time moves around it. */
export interface EngineSession {
  readonly world: World;
  /** Runs what a step set going to its end, moving simulated time whenever nothing else can happen. */
  drive(promise: Promise<unknown>): Promise<void>;
  /** Lets everything due by `until` happen, in time order, and leaves the clock there. */
  runUntil(until: number): Promise<void>;
  /** Stops the plugin instances of this run (always called, also after a failure). */
  end(): Promise<void>;
}

/** Where the agents' Flex tabs run: this process (`node`) or real Chromium pages (`browser`). */
export interface Engine {
  readonly name: 'node' | 'browser';
  start(options: WorldOptions): Promise<EngineSession>;
  /** Releases what the engine holds across scenarios (a browser); idempotent. */
  close(): Promise<void>;
}

/**
 * The in-process engine: Flex's real Actions framework in this process (jsdom), the plugin from
 * source through `install()`, one VirtualClock for everything. Each step is driven to its end
 * by firing the earliest timer whenever promise chains have come to rest.
 */
export const nodeEngine: Engine = {
  name: 'node',
  async start(options) {
    const world = new World(options);
    setActionHandler(createActionHandler(world));
    return {
      world,
      async drive(promise) {
        const step = watch(promise);
        for (;;) {
          await settle();
          if (step.done) break;
          if (!world.clock.fireNext()) {
            await settle(6);
            if (step.done) break;
            throw new Error('the step never finished and nothing is scheduled');
          }
        }
        step.rethrow();
      },
      runUntil: (until) => runClockUntil(world.clock, until),
      async end() {
        for (const tab of world.browsers.values()) await tab.dispose();
        setActionHandler(null);
      },
    };
  },
  async close() {
    // nothing held across scenarios: Flex stays loaded in this process
  },
};

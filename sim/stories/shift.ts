import type { Logger } from '../../sagas/services';
import type { AgentBrowser } from '../browser';
import { nodeEngine } from '../engine';
import type { Step } from '../scenario';
import { runStep } from '../steps';
import { persistedRecords, storageFlushed } from './properties';

/**
 * A long shift: one agent's browser takes call after call (mixed endings, an occasional reload or
 * fault), in one contact center and one browser, as an agent's tab lives through a day. Reports,
 * every `every` calls, the heap after a full GC, the time per call, and the records the plugin
 * holds in its slice and in storage.
 */

export interface ShiftSample {
  calls: number;
  heapMb: number;
  msPerCall: number;
  sliceRecords: number;
  storedRecords: number;
  segments: number;
}

const ENDINGS: Step['do'][] = ['hangup', 'customerHangup', 'kickCustomer', 'networkDrop', 'customerHangup', 'hangup'];
const quiet: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };


export async function longShift(calls: number, every: number, gc: (() => void) | undefined): Promise<ShiftSample[]> {
  const session = await nodeEngine.start({ log: quiet });
  const { world } = session;
  const samples: ShiftSample[] = [];
  const play = async (step: Step) => {
    await session.drive(runStep(world, step));
    await session.runUntil(world.clock.now());
  };
  let started = process.hrtime.bigint();
  let segments = 0;
  try {
    for (let n = 1; n <= calls; n++) {
      const call = `c${n}`;
      if (n % 10 === 0) await play({ do: 'fault', kind: n % 20 === 0 ? '429' : '503', times: 2, retryAfterMs: 1000 });
      await play({ do: 'incomingCall', call, from: '+15550100001' });
      await play({ do: 'offer', call, agent: 'alice' });
      await play({ do: 'accept', agent: 'alice' });
      await session.runUntil(world.clock.now() + 60_000);
      if (n % 25 === 0) await play({ do: 'reload', agent: 'alice' });
      else await play({ do: ENDINGS[n % ENDINGS.length], ...(ENDINGS[n % ENDINGS.length] === 'customerHangup' ? { call } : { agent: 'alice' }) });
      await session.runUntil(world.clock.now() + 5_000);
      await play({ do: 'complete', agent: 'alice' });
      await session.runUntil(world.clock.now() + 60_000);
      segments += world.server.segments.length;
      world.server.segments.length = 0;
      world.server.acceptedWrites.length = 0;
      world.forget(call);
      if (n % every === 0) {
        await storageFlushed(world);
        gc?.();
        const browser = world.browser('alice') as AgentBrowser;
        samples.push({
          calls: n,
          heapMb: process.memoryUsage().heapUsed / 2 ** 20,
          msPerCall: Number(process.hrtime.bigint() - started) / 1e6 / every,
          sliceRecords: Object.keys(browser.store.getState().hangUpBy?.records ?? {}).length,
          storedRecords: persistedRecords(browser.storage.items),
          segments,
        });
        browser.actions.length = 0;
        started = process.hrtime.bigint();
      }
    }
  } finally {
    await session.end();
  }
  return samples;
}

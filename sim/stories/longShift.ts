import { setTimeout as realTimeout } from 'timers/promises';
import type { Scenario, Step } from '../scenario';
import type { World } from '../world';
import { picker } from './arbitrary';
import { inProcess, observe } from './observe';

/**
 * One agent's browser through a long shift: `calls` calls in a row, mixed outcomes, now and then
 * a reload, a network drop, a 429 or 503, a transfer to a colleague. Measured every block of
 * calls: heap after a full GC (node --expose-gc), the plugin's records in the slice and in
 * storage, and the wall time per call.
 */

export interface ShiftBlock {
  calls: number;
  heapMb: number | null;
  sliceRecords: number;
  storedRecords: number;
  msPerCall: number;
}

export interface ShiftReport {
  calls: number;
  steps: number;
  failures: string[];
  blocks: ShiftBlock[];
  /** Heap growth per call between the first and the last block, in bytes (null without --expose-gc). */
  heapGrowthPerCall: number | null;
  segments: number;
  writes: number;
}

/** The steps of one call of alice's shift (bob takes the occasional transfer). */
function callSteps(i: number, roll: number, extra: ReturnType<typeof picker>): Step[] {
  const call = `c${i}`;
  const steps: Step[] = [
    { do: 'incomingCall', call, from: `+1555${String(i).padStart(7, '0')}` },
    { do: 'offer', call, agent: 'alice' },
    { do: 'accept', agent: 'alice', call },
    { do: 'wait', ms: 30_000 },
  ];
  let bob = false;
  if (roll < 35) steps.push({ do: 'customerHangup', call });
  else if (roll < 60) steps.push({ do: 'hangup', agent: 'alice', call });
  else if (roll < 68) steps.push({ do: 'networkDrop', agent: 'alice', call });
  else if (roll < 73) steps.push({ do: 'reload', agent: 'alice' });
  else if (roll < 78) steps.push({ do: 'kickCustomer', agent: 'alice', call });
  else if (roll < 82) steps.push({ do: 'endConferenceForAll', agent: 'alice', call });
  else if (roll < 90) {
    steps.push(
      { do: 'externalTransfer', agent: 'alice', call, to: '+15550109901', mode: 'COLD' },
      { do: 'externalJoins', call },
      { do: 'wait', ms: 60_000 },
      { do: 'customerHangup', call },
    );
  } else {
    bob = true;
    steps.push({ do: 'transfer', agent: 'alice', call, to: 'bob', mode: extra.pick(['COLD', 'WARM']) }, { do: 'accept', agent: 'bob', call });
    steps.push(steps[steps.length - 2].mode === 'WARM' ? { do: 'hangup', agent: 'alice', call } : { do: 'wait', ms: 0 });
  }
  if (extra.int(0, 19) === 0) steps.push({ do: 'fault', kind: extra.pick(['429', '503']), times: extra.int(1, 2) });
  steps.push({ do: 'wait', ms: 5_000 });
  steps.push({ do: extra.int(0, 19) === 0 ? 'autoComplete' : 'complete', agent: 'alice', call });
  if (bob) steps.push({ do: 'wait', ms: 60_000 }, { do: 'customerHangup', call }, { do: 'complete', agent: 'bob', call });
  if (extra.int(0, 29) === 0) steps.push({ do: 'reload', agent: 'alice' });
  steps.push({ do: 'wait', ms: 10_000 });
  return steps;
}

export function longShiftStory(calls: number, seed: number): { scenario: Scenario; callEnds: number[] } {
  const rng = picker(seed);
  const steps: Step[] = [];
  const callEnds: number[] = [];
  for (let i = 1; i <= calls; i++) {
    steps.push(...callSteps(i, rng.int(0, 99), picker(rng.int(0, 2 ** 31))));
    callEnds.push(steps.length - 1);
  }
  return { scenario: { name: `long shift: ${calls} calls`, config: {}, initialAttributes: { crm_id: 42 }, steps, expect: { segments: [] } }, callEnds };
}

const gc = (globalThis as { gc?: () => void }).gc;

function storedRecords(world: World, agent: string): number {
  const raw = [...(inProcess(world, agent)?.storage.items.entries() ?? [])].find(([key]) => key.startsWith('persist:'))?.[1];
  if (!raw) return 0;
  const records = JSON.parse(JSON.parse(raw).records ?? '{}') as object;
  return Object.keys(records).length;
}

/**
 * The simulator keeps every call for its final report; a shift of a thousand calls would measure
 * the simulator's memory, not the page's. Between blocks, what is finished is counted and dropped
 * (TaskRouter's logs, finished tasks and reservations). Flex's own state is left as Flex keeps it.
 */
function dropFinishedHistory(world: World, counted: { segments: number; writes: number }): void {
  const server = world.server;
  counted.segments += server.segments.length;
  counted.writes += server.acceptedWrites.length;
  server.segments.length = 0;
  server.snapshotOrder.length = 0;
  server.acceptedWrites.length = 0;
  server.requests.length = 0;
  const reservations = world.allReservations();
  const final = ['completed', 'canceled', 'rejected', 'rescinded', 'timeout'];
  for (let i = reservations.length - 1; i >= 0; i--) if (final.includes(reservations[i].reservation.status)) reservations.splice(i, 1);
  for (const [id, call] of world.calls) {
    if (call.ended && !reservations.some((r) => r.call === id)) {
      world.calls.delete(id);
      server.tasks.delete(call.taskSid);
    }
  }
}

export async function runLongShift(calls = 1000, seed = 1, blockSize = 100): Promise<ShiftReport> {
  const { scenario, callEnds } = longShiftStory(calls, seed);
  const ends = new Map(callEnds.map((stepIndex, i) => [stepIndex, i + 1]));
  const blocks: ShiftBlock[] = [];
  const counted = { segments: 0, writes: 0 };
  let blockStarted = process.hrtime.bigint();
  const observation = await observe(scenario, {
    onAction: () => undefined,
    afterStep: async (index, _step, { world }) => {
      const done = ends.get(index);
      if (!done || done % blockSize !== 0) return;
      const ms = Number(process.hrtime.bigint() - blockStarted) / 1e6;
      // redux-persist writes on a real timer, one key per tick.
      for (let i = 0; i < 10; i++) await realTimeout(1);
      dropFinishedHistory(world, counted);
      gc?.();
      blocks.push({
        calls: done,
        heapMb: gc ? process.memoryUsage().heapUsed / 1024 / 1024 : null,
        sliceRecords: Object.keys(inProcess(world, 'alice')?.store.getState().hangUpBy?.records ?? {}).length,
        storedRecords: storedRecords(world, 'alice'),
        msPerCall: ms / blockSize,
      });
      blockStarted = process.hrtime.bigint();
    },
  });
  const first = blocks[0];
  const last = blocks[blocks.length - 1];
  return {
    calls,
    steps: scenario.steps.length,
    failures: observation.result.failures.filter((f) => !/^expected 0 segment\(s\)/.test(f)),
    blocks,
    heapGrowthPerCall:
      first?.heapMb != null && last?.heapMb != null && last.calls > first.calls
        ? ((last.heapMb - first.heapMb) * 1024 * 1024) / (last.calls - first.calls)
        : null,
    segments: counted.segments + observation.segments.length,
    writes: counted.writes + observation.writes.length,
  };
}

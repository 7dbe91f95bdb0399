import { setTimeout as realTimeout } from 'timers/promises';
import { AgentBrowser } from '../browser';
import { setActionTap } from '../flexHost';
import { runScenario, type RunOptions, type ScenarioResult } from '../run';
import type { Scenario } from '../scenario';
import type { AcceptedWrite, Segment, TaskRequest } from '../taskrouter';
import type { World } from '../world';

/**
 * Everything the properties look at after one story, read from the simulator (TaskRouter's log,
 * each browser's store and storage) and from the plugin's own actions on each agent's store.
 * Nothing here knows the outcome rules.
 */
export interface Observation {
  scenario: Scenario;
  result: ScenarioResult;
  segments: Segment[];
  snapshotOrder: Array<{ reservationSid: string; writesBefore: number }>;
  writes: Array<AcceptedWrite & { reservationSid: string | null }>;
  requests: TaskRequest[];
  reservations: Array<{ sid: string; agent: string; call: string; taskSid: string; accepted: boolean; status: string }>;
  finalAttributes: Record<string, Record<string, unknown>>;
  /** The plugin's actions (`hangUpBy/…`), per agent, in dispatch order, with how many writes TaskRouter had accepted by then. */
  actions: Array<{ agent: string; type: string; payload: any; writesBefore: number }>; // any: each action's own payload
  /** At the end, per agent: records in the slice, records in persisted storage, storage writes. */
  agents: Record<string, { sliceRecords: number; storedRecords: number | 'unreadable'; storageWrites: number; storageChars: number }>;
}

function storedRecords(items: Map<string, string>, agent: string): number | 'unreadable' {
  const raw = [...items.entries()].find(([key]) => key.startsWith('persist:') && key.endsWith(`:WK${agent}`))?.[1];
  if (raw === undefined) return 0;
  try {
    const outer = JSON.parse(raw) as Record<string, string>;
    const records = outer.records === undefined ? {} : (JSON.parse(outer.records) as Record<string, unknown>);
    return Object.keys(records).length;
  } catch {
    return 'unreadable';
  }
}

const SETTLED = ['hangUpBy/writeSucceeded', 'hangUpBy/writeSkippedUnchanged', 'hangUpBy/writeFailed'];

/**
 * Which reservation an accepted write was for. TaskRouter knows only the worker; the plugin may
 * write through any task object of that task it holds. So: the agent's reservation on that task
 * whose write was under way (started, not settled) when TaskRouter accepted it; else the one whose
 * write started last before it (a request that timed out and landed late); else none.
 */
function writerOf(world: World, actions: Observation['actions'], write: AcceptedWrite, index: number): string | null {
  const agent = write.by?.agent;
  if (!agent) return null;
  const mine = new Set(world.allReservations().filter((r) => r.agent === agent && r.reservation.task.sid === write.taskSid).map((r) => r.reservation.sid));
  const state = new Map<string, 'writing' | 'settled'>();
  const targets = new Map<string, unknown>();
  let lastStarted: string | null = null;
  for (const action of actions) {
    if (action.writesBefore > index) break;
    const sid = action.payload?.reservationSid;
    if (action.agent !== agent || !mine.has(sid)) continue;
    if (action.type === 'hangUpBy/writeStarted') {
      state.set(sid, 'writing');
      targets.set(sid, action.payload?.target?.hangUpBy ?? null);
      lastStarted = sid;
    } else if (SETTLED.includes(action.type)) {
      state.set(sid, 'settled');
    }
  }
  const writing = [...state].filter(([, s]) => s === 'writing').map(([sid]) => sid);
  if (writing.length === 1) return writing[0];
  if (writing.length === 0) return lastStarted;
  // Two writes of this agent on this task at once, for different values: the one whose value the
  // write left (a request sent by a page that then reloaded lands while the new page writes too).
  const left = (write.after as { conversations?: { hang_up_by?: unknown } } | undefined)?.conversations?.hang_up_by ?? null;
  const matching = writing.filter((sid) => targets.get(sid) === left);
  if (matching.length === 1 && new Set(writing.map((sid) => targets.get(sid))).size > 1) return matching[0];
  // Two writes of this agent on this task at once: the one of them that next reports a write
  // accepted (the task object it went through may be the other's: the task API reuses one object
  // per task), else the task object's own reservation.
  const next = actions.find(
    (a) => a.writesBefore > index && a.agent === agent && a.type === 'hangUpBy/writeSucceeded' && writing.includes(a.payload?.reservationSid),
  );
  if (next) return next.payload.reservationSid;
  const holder = write.by?.reservationSid;
  return holder && writing.includes(holder) ? holder : null;
}

/** The in-process engine's tab (the stories play there): its Flex store and storage are at hand. */
export const inProcess = (world: World, agent: string): AgentBrowser | null => {
  const tab = world.browsers.get(agent);
  return tab instanceof AgentBrowser ? tab : null;
};

export interface ObserveOptions extends RunOptions {
  /** Called with each plugin action as it is dispatched (the long shift counts them). */
  onAction?: (agent: string, type: string, payload: any) => void; // any: each action's own payload
}

/** Plays a story with the in-process engine and gathers what the properties need. */
export async function observe(scenario: Scenario, options: ObserveOptions = {}): Promise<Observation> {
  const actions: Observation['actions'] = [];
  let world: World | null = null;
  const end: { gathered?: Omit<Observation, 'scenario' | 'result' | 'actions'> } = {};
  setActionTap((state, action) => {
    if (!world || typeof action?.type !== 'string' || !action.type.startsWith('hangUpBy/')) return;
    for (const agent of world.browsers.keys()) {
      if (inProcess(world, agent)?.store?.getState() === state) {
        if (options.onAction) options.onAction(agent, action.type, action.payload);
        else actions.push({ agent, type: action.type, payload: action.payload, writesBefore: world.server.acceptedWrites.length });
        return;
      }
    }
  });
  try {
    const result = await runScenario(scenario, undefined, {
      onStart: (w: World) => {
        world = w;
        options.onStart?.(w);
      },
      afterStep: options.afterStep,
      observe: async (w: World) => {
        world = w;
        // redux-persist writes on a real (not simulated) timer, one key per tick: give it ticks
        // one at a time, so that a loaded machine's late timers still come before the reading.
        for (let i = 0; i < 10; i++) await realTimeout(1);
        end.gathered = gather(w, actions);
        await options.observe?.(w);
      },
    });
    if (!end.gathered) throw new Error(`the story did not run: ${result.failures.join('; ')}`);
    return { scenario, result, actions, ...end.gathered };
  } finally {
    setActionTap(null);
  }
}

function gather(world: World, actions: Observation['actions']): Omit<Observation, 'scenario' | 'result' | 'actions'> {
  const server = world.server;
  const finalAttributes: Record<string, Record<string, unknown>> = {};
  for (const call of world.calls.values()) finalAttributes[call.id] = server.task(call.taskSid).attributes;
  const agents: Observation['agents'] = {};
  for (const agent of world.browsers.keys()) {
    const browser = inProcess(world, agent);
    if (!browser) continue;
    const records = (browser.store?.getState()?.hangUpBy?.records ?? {}) as Record<string, unknown>;
    agents[agent] = {
      sliceRecords: Object.keys(records).length,
      storedRecords: storedRecords(browser.storage.items, agent),
      storageWrites: browser.storage.written.count,
      storageChars: browser.storage.written.chars,
    };
  }
  return {
    segments: [...server.segments],
    snapshotOrder: [...server.snapshotOrder],
    writes: server.acceptedWrites.map((w, i) => ({ ...w, reservationSid: writerOf(world, actions, w, i) })),
    requests: [...server.requests],
    reservations: world.allReservations().map((r) => ({
      sid: r.reservation.sid,
      agent: r.agent,
      call: r.call,
      taskSid: r.reservation.task.sid,
      accepted: ['accepted', 'wrapping', 'completed'].includes(r.reservation.status),
      status: r.reservation.status,
    })),
    finalAttributes,
    agents,
  };
}

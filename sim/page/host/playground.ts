import type * as Redux from 'redux';
import type { playground } from './bridge';

/**
 * What the agent page does only when the playground opened it: report the plugin's state and
 * its own actions to the console, show when the playground let go of the page, and give the call
 * controls what they act on.
 */
type Transport = NonNullable<ReturnType<typeof playground>>;

const REPORT_MS = 200;

/** The host's store sees every action; the plugin's (`hangUpBy/…`) go to whoever listens. */
export function actionTap(listen: { current: ((action: Redux.AnyAction) => void) | null }): Redux.Middleware {
  return () => (next) => (action) => {
    const result = next(action);
    const type = (action as Redux.AnyAction)?.type;
    if (listen.current && typeof type === 'string' && type.startsWith('hangUpBy/')) listen.current(action as Redux.AnyAction);
    return result;
  };
}

/** Sends the page's `hangUpBy` slice and the plugin's actions (with their times), at most every 200 ms. */
export function reportToConsole(transport: Transport, store: Redux.Store, tap: { current: ((action: Redux.AnyAction) => void) | null }): void {
  let actions: Array<{ type: string; at: number; payload?: unknown }> = [];
  let sentSlice: unknown;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const send = () => {
    timer = null;
    const slice = (store.getState() as { hangUpBy?: unknown }).hangUpBy;
    if (slice === sentSlice && actions.length === 0) return;
    const body = { hangUpBy: slice ?? null, actions };
    sentSlice = slice;
    actions = [];
    transport.post('report', body).catch(() => undefined);
  };
  const schedule = () => {
    timer ??= setTimeout(send, REPORT_MS);
  };
  tap.current = (action) => {
    actions.push({ type: action.type, at: Date.now(), ...(action.payload !== undefined ? { payload: action.payload } : {}) });
    schedule();
  };
  store.subscribe(schedule);
  schedule();
}

/** A bar at the top of the page when the playground's stream ended (server stopped, tab taken over). */
export function showEnded(reason: string): void {
  const bar = document.createElement('div');
  bar.setAttribute('data-field', 'ended');
  bar.textContent = reason;
  Object.assign(bar.style, { background: '#b3261e', color: '#fff', padding: '8px 16px', font: '14px sans-serif' });
  document.body.prepend(bar);
}

/** The agents the playground knows (the call controls' transfer targets). */
export async function playgroundAgents(): Promise<string[]> {
  const response = await fetch('/api/agents');
  return ((await response.json()) as { agents: string[] }).agents;
}

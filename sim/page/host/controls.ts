import React from 'react';

/**
 * The playground's call controls: one row per reservation the page's TaskRouter worker holds,
 * with the buttons a Flex agent has for it. Each button invokes the real Flex action in this page
 * (the plugin's listeners run around it, as in hosted Flex) with the payload Flex gives task
 * actions; an action that fails shows as a line here, never as an uncaught error.
 */
export interface ReservationView {
  sid: string;
  status: string;
  task?: { sid?: string; attributes?: Record<string, unknown>; taskChannelUniqueName?: string };
}

export interface ConferenceParty {
  participantType?: string;
  status?: string;
  callSid?: string;
}

export interface ControlsDeps {
  agent: string;
  reservations(): ReservationView[];
  participants(taskSid: string): ConferenceParty[];
  /** Flex.Actions.invokeAction in this page. */
  invoke(action: string, payload: object): Promise<unknown>;
  /** The agents the playground knows (transfer targets). */
  agents(): Promise<string[]>;
  /** The name of the external cold transfer action (the plugin's configuration). */
  externalColdAction: string;
  subscribe(listener: () => void): () => void;
}

interface Line {
  at: number;
  text: string;
  ok: boolean;
}

const h = React.createElement;
const button = (tone: 'go' | 'stop' | 'plain') => ({
  font: 'inherit',
  fontSize: 13,
  padding: '4px 10px',
  borderRadius: 4,
  cursor: 'pointer',
  border: '1px solid',
  borderColor: tone === 'go' ? '#1f7a3a' : tone === 'stop' ? '#b3261e' : '#8a8fa3',
  background: tone === 'go' ? '#e6f4ea' : tone === 'stop' ? '#fce8e6' : '#fff',
  color: tone === 'go' ? '#0d5226' : tone === 'stop' ? '#8c1d18' : '#222',
});
const line = { display: 'flex', flexWrap: 'wrap' as const, alignItems: 'center', gap: 6, marginBottom: 6 };
const group = { display: 'inline-flex', alignItems: 'center', gap: 6, marginRight: 12 };
const input = { font: 'inherit', fontSize: 13, padding: '3px 6px', border: '1px solid #8a8fa3', borderRadius: 4 };

function useRefresh(subscribe: (listener: () => void) => () => void): void {
  const [, setTick] = React.useState(0);
  React.useEffect(() => subscribe(() => setTick((n) => n + 1)), [subscribe]);
}

function Row(props: { deps: ControlsDeps; reservation: ReservationView; agents: string[]; run: (label: string, action: () => Promise<unknown>) => void }) {
  const { deps, reservation: r, agents, run } = props;
  const others = agents.filter((a) => a !== deps.agent);
  const [target, setTarget] = React.useState('');
  const [phone, setPhone] = React.useState('+15550100999');
  const to = target || others[0] || '';
  const taskSid = r.task?.sid ?? '';
  const payload = (): Record<string, unknown> => ({
    sid: r.sid,
    task: {
      sid: r.sid,
      taskSid,
      taskChannelUniqueName: r.task?.taskChannelUniqueName,
      attributes: r.task?.attributes,
      conference: { participants: deps.participants(taskSid) },
      sourceObject: r,
    },
  });
  const act = (label: string, action: string, extra: Record<string, unknown> = {}) =>
    run(`${label} (${action})`, () => deps.invoke(action, { ...payload(), ...extra }));
  const btn = (key: string, label: string, tone: 'go' | 'stop' | 'plain', onClick: () => void, disabled = false) =>
    h('button', { key, 'data-action': key, style: { ...button(tone), opacity: disabled ? 0.45 : 1 }, disabled, onClick }, label);
  const attributes = r.task?.attributes ?? {};
  const from = String(attributes.from ?? attributes.outbound_to ?? '');
  const live = r.status === 'accepted';
  const customer = deps.participants(taskSid).find((p) => p.participantType === 'customer' && p.status === 'joined');

  const rows: React.ReactNode[] = [
    h('div', { key: 'title', style: { marginBottom: 8 } }, [
      h('b', { key: 'r' }, `…${r.sid.slice(-6)}`),
      h('span', { key: 's', 'data-status': r.status, style: { marginLeft: 8, padding: '1px 8px', borderRadius: 10, background: r.status === 'pending' ? '#fff4ce' : live ? '#e6f4ea' : '#eceef4', fontSize: 12 } }, r.status),
      h('span', { key: 'f', style: { marginLeft: 8, color: '#555' } }, `${String(attributes.direction ?? '')} ${from}`),
    ]),
  ];
  if (r.status === 'pending') {
    rows.push(
      h('div', { key: 'offer', style: line }, [
        btn('accept', 'Accept', 'go', () => act('Accept', 'AcceptTask')),
        btn('reject', 'Reject', 'stop', () => act('Reject', 'RejectTask')),
      ]),
    );
  }
  if (live) {
    rows.push(
      h('div', { key: 'call', style: line }, [
        btn('hangup', 'Hang up', 'stop', () => act('Hang up', 'HangupCall')),
        btn('kick', 'Kick customer', 'plain', () => act('Kick customer', 'KickParticipant', { targetSid: customer?.callSid }), !customer),
        btn('endConference', 'End conference for all', 'stop', () => act('End conference for all', 'EndConferenceForAll')),
        btn('wrapup', 'Wrap up', 'plain', () => act('Wrap up', 'WrapupTask')),
      ]),
      h('div', { key: 'transfer', style: line }, [
        h('span', { key: 'agent', style: group }, [
          h('select', { key: 's', 'data-field': 'target', style: input, value: to, onChange: (e: React.ChangeEvent<HTMLSelectElement>) => setTarget(e.target.value) },
            others.map((a) => h('option', { key: a, value: a }, a))),
          btn('transferWarm', 'Warm transfer', 'plain', () => act(`Warm transfer to ${to}`, 'TransferTask', { targetSid: `WK${to}`, options: { mode: 'WARM' } }), !to),
          btn('transferCold', 'Cold transfer', 'plain', () => act(`Cold transfer to ${to}`, 'TransferTask', { targetSid: `WK${to}`, options: { mode: 'COLD' } }), !to),
        ]),
        h('span', { key: 'external', style: group }, [
          h('input', { key: 'i', 'data-field': 'phone', style: { ...input, width: 130 }, value: phone, onChange: (e: React.ChangeEvent<HTMLInputElement>) => setPhone(e.target.value) }),
          btn('externalWarm', 'External warm', 'plain', () => act(`External warm transfer to ${phone}`, 'StartExternalWarmTransfer', { phoneNumber: phone })),
          btn('externalCold', 'External cold', 'plain', () => act(`External cold transfer to ${phone}`, deps.externalColdAction, { phoneNumber: phone })),
        ]),
        btn('cancelTransfer', 'Cancel transfer', 'plain', () => act('Cancel transfer', 'CancelTransfer')),
      ]),
    );
  }
  if (live || r.status === 'wrapping') rows.push(h('div', { key: 'done', style: line }, btn('complete', 'Complete', 'go', () => act('Complete', 'CompleteTask'))));
  return h('div', { 'data-reservation': r.sid, style: { border: '1px solid #d5d8e3', borderRadius: 6, padding: '8px 10px 2px', marginBottom: 8, background: '#fff', maxWidth: 900 } }, rows);
}

export function Controls(props: { deps: ControlsDeps }) {
  const { deps } = props;
  useRefresh(deps.subscribe);
  const [agents, setAgents] = React.useState<string[]>([]);
  const [lines, setLines] = React.useState<Line[]>([]);
  React.useEffect(() => {
    let live = true;
    const load = () => deps.agents().then((names) => live && setAgents(names), () => undefined);
    load();
    const timer = setInterval(load, 5000);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [deps]);
  const note = (text: string, ok: boolean) => setLines((all) => [...all.slice(-5), { at: Date.now(), text, ok }]);
  const run = (label: string, action: () => Promise<unknown>) => {
    action().then(
      () => note(`${label}: done`, true),
      (error: unknown) => note(`${label} failed: ${error instanceof Error ? error.message : String(error)}`, false),
    );
  };
  const reservations = deps.reservations().filter((r) => ['pending', 'accepted', 'wrapping'].includes(r.status));
  return h('div', null, [
    reservations.length === 0
      ? h('div', { key: 'none', style: { color: '#666', margin: '4px 0 8px' } }, 'No reservation: start a call from the console.')
      : reservations.map((r) => h(Row, { key: r.sid, deps, reservation: r, agents, run })),
    h('div', { key: 'lines', 'data-field': 'results', style: { fontSize: 12, marginTop: 6 } },
      lines.map((l, i) =>
        h('div', { key: i, 'data-ok': String(l.ok), style: { color: l.ok ? '#0d5226' : '#b3261e' } }, `${new Date(l.at).toLocaleTimeString()}  ${l.text}`),
      )),
  ]);
}

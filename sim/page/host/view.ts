import React from 'react';
import ReactDOM from 'react-dom';
import { Provider, useSelector } from 'react-redux';
import type { Store } from 'redux';
import { Controls, type ControlsDeps } from './controls';

/**
 * What the agent's page shows: the calls as Flex's store holds them (its conference state) and
 * the plugin's records (its `hangUpBy` slice), rendered with the page's React and React Redux.
 * Hosted Flex's own layout needs a logged-in Twilio session; this panel reads the same store.
 */
interface Participant {
  participantType?: string;
  status?: string;
  connecting?: boolean;
  isCurrentWorker?: boolean;
  workerSid?: string;
  phoneNumber?: string;
}

interface RecordView {
  reservationSid: string;
  status: string;
  decision?: { value: string; evidence: string };
  write: { status: string; attempts: number };
}

interface ViewState {
  flex?: { conferences?: { states?: Map<string, { source?: { participants?: Participant[] } }> } };
  hangUpBy?: { records?: Record<string, RecordView> };
}

const h = React.createElement;
const cell = { border: '1px solid #ccd', padding: '4px 8px', textAlign: 'left' as const, background: '#fff' };
const headCell = { ...cell, background: '#eef0f6', fontWeight: 600 };
/** hang_up_by values in the colours the playground's console uses. */
const VALUE_COLOURS: Array<[RegExp, string, string]> = [
  [/^Customer$/, '#1f5fbf', '#e8f0fd'],
  [/^Agent$/, '#1d7a43', '#e6f4ea'],
  [/^Agent-System-Issue$/, '#c2410c', '#fff0e6'],
  [/Transfer|Consult/, '#7c3aed', '#f1ebfe'],
];
function decided(value: string, evidence: string) {
  const [, color, background] = VALUE_COLOURS.find(([pattern]) => pattern.test(value)) ?? [null, '#222', '#f1f2f5'];
  return h('span', null, [
    h('span', { key: 'v', style: { color, background, padding: '0 7px', borderRadius: 9, fontWeight: 600 } }, value),
    h('span', { key: 'e', style: { color: '#666', marginLeft: 6 } }, evidence),
  ]);
}
const heading = { margin: '16px 0 6px', fontSize: 15, fontWeight: 600 };

function who(p: Participant): string {
  if (p.isCurrentWorker) return 'me';
  if (p.participantType === 'worker') return `agent ${p.workerSid ?? ''}`;
  if (p.participantType === 'external') return `outside ${p.phoneNumber ?? ''}`;
  return `${p.participantType ?? 'party'} ${p.phoneNumber ?? ''}`;
}

function Calls() {
  const states = useSelector((s: ViewState) => s.flex?.conferences?.states);
  const rows = [...(states instanceof Map ? states : new Map())].map(([taskSid, state]) =>
    h('tr', { key: taskSid }, [
      h('td', { key: 't', style: cell }, taskSid.slice(-6)),
      h('td', { key: 'p', style: cell }, (state?.source?.participants ?? []).map((p: Participant) => `${who(p)}: ${p.connecting ? 'ringing' : p.status}`).join(' · ')),
    ]),
  );
  return h('table', { style: { borderCollapse: 'collapse', marginBottom: 16 } }, [
    h('thead', { key: 'h' }, h('tr', null, [h('th', { key: 't', style: headCell }, 'task'), h('th', { key: 'p', style: headCell }, 'conference')])),
    h('tbody', { key: 'b' }, rows),
  ]);
}

function Records() {
  const records = useSelector((s: ViewState) => s.hangUpBy?.records ?? {});
  const rows = Object.values(records).map((r) =>
    h('tr', { key: r.reservationSid }, [
      h('td', { key: 'r', style: cell }, r.reservationSid.slice(-6)),
      h('td', { key: 's', style: cell }, r.status),
      h('td', { key: 'd', style: cell }, r.decision ? decided(String(r.decision.value), r.decision.evidence) : 'undecided'),
      h('td', { key: 'w', style: cell }, `${r.write.status}${r.write.attempts ? `, ${r.write.attempts} attempt(s)` : ''}`),
    ]),
  );
  return h('table', { style: { borderCollapse: 'collapse' } }, [
    h('thead', { key: 'h' }, h('tr', null, ['reservation', 'call', 'hang_up_by', 'write'].map((t) => h('th', { key: t, style: headCell }, t)))),
    h('tbody', { key: 'b' }, rows),
  ]);
}

/** The status panel; with `controls` (the playground's page), the call controls under it. */
export function renderStatus(root: HTMLElement, store: Store, agent: string, workerSid: string, controls?: ControlsDeps): void {
  const page = h('div', { style: { fontFamily: 'sans-serif', fontSize: 14, padding: 16 } }, [
    h('h2', { key: 'a', style: { margin: '0 0 12px', fontSize: 20, fontWeight: 600 } }, `Flex · ${agent} (${workerSid})`),
    h('h3', { key: 'c', style: heading }, 'Calls (Flex conference state)'),
    h(Calls, { key: 'calls' }),
    h('h3', { key: 'r', style: heading }, 'Who hung up (plugin state)'),
    h(Records, { key: 'records' }),
    ...(controls ? [h('h3', { key: 'k', style: heading }, 'Call controls (Flex actions in this tab)'), h(Controls, { key: 'controls', deps: controls })] : []),
  ]);
  ReactDOM.render(h(Provider, { store }, page), root);
}

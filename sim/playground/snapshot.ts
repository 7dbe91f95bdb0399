import { segmentCells } from '../report';
import { segmentFailures } from '../run';
import type { LiveCenter } from './center';
import type { PlayerView } from './player';

/** One row of the segments table: the runner's columns (sim/report.ts). */
export interface SegmentRow {
  scenario: string;
  agent: string;
  expected: string;
  got: string;
  writes: string;
  verdict: string;
}

interface RecordView {
  reservationSid: string;
  status: string;
  decision?: { value: string | null; evidence?: string };
  write?: { status: string; attempts: number };
}

/** The segments as the runner prints them; with a scenario loaded, its expectations beside them. */
export function segmentRows(center: LiveCenter, player: PlayerView): SegmentRow[] {
  const got = center.world.server.segments;
  const expected = player.expect?.segments ?? [];
  const writes = center.world.server.acceptedWrites.length;
  const done = player.name !== null && player.next >= player.steps.length && !player.playing;
  const passed = done && segmentFailures(expected, got).length === 0 && (player.expect?.writes === undefined || player.expect.writes === writes);
  const count = Math.max(expected.length, got.length);
  const rows: SegmentRow[] = [];
  for (let i = 0; i < count; i++) {
    const [agent, want, have] = segmentCells(expected[i], got[i]);
    rows.push({
      scenario: i === 0 ? player.name ?? 'live' : '',
      agent,
      expected: want,
      got: have,
      writes: i === 0 ? `${writes}${player.expect?.writes !== undefined ? `/${player.expect.writes}` : ''}` : '',
      verdict: i === 0 && player.name !== null ? (done ? (passed ? 'pass' : 'FAIL') : 'playing') : '',
    });
  }
  return rows;
}

/** Everything the console shows, as one JSON document (sent whenever it changes). */
export function snapshot(center: LiveCenter, player: PlayerView, agentUrl: (agent: string) => string) {
  const { world } = center;
  const reservations = world.allReservations();
  return {
    now: center.now(),
    origin: center.origin,
    agents: [...center.tabs.values()].map((tab) => {
      const state = tab.pageState as { records?: Record<string, RecordView> } | null;
      return {
        name: tab.agent,
        status: tab.status,
        url: agentUrl(tab.agent),
        records: Object.values(state?.records ?? {}),
        held: reservations.filter((r) => r.agent === tab.agent).map((r) => ({ sid: r.reservation.sid, call: r.call, status: r.reservation.status })),
        actions: tab.actions.slice(-40).map((a) => ({ type: a.type, t: a.at - center.origin, payload: a.payload })),
      };
    }),
    calls: [...world.calls.values()].map((call) => {
      const task = world.server.task(call.taskSid);
      return {
        id: call.id,
        taskSid: call.taskSid,
        ended: call.ended,
        transfer: call.transfer,
        parties: call.parties.map((p) => ({ type: p.type, agent: p.agent, phoneNumber: p.phoneNumber, status: p.status, connecting: p.connecting })),
        attributes: task.attributes,
        version: task.version,
        reservations: reservations.filter((r) => r.call === call.id).map((r) => ({ agent: r.agent, sid: r.reservation.sid, status: r.reservation.status })),
      };
    }),
    segments: segmentRows(center, player),
    errors: world.pipeline.errors.slice(-20),
    log: center.log.slice(-60),
    player,
  };
}

export type Snapshot = ReturnType<typeof snapshot>;

import type { Scenario } from '../scenario';
import { observe, type Observation } from '../stories/observe';

/**
 * Figures over the scenario suite, from one in-process run of every scenario: TaskRouter calls
 * per reservation, how long Complete waits, and what the plugin writes to local storage.
 */

export interface SuiteFigures {
  scenarios: number;
  failing: number;
  wallMs: number[];
  acceptedReservations: number;
  calls: number;
  reads: { total: number; failed: number };
  writes: { attempted: number; accepted: number; perReservationMax: number; reservationsWithTwo: number; unchangedValue: number };
  waits: { plain: number[]; transfer: number[] };
  storage: { writes: number; chars: number };
}

const valueOf = (attributes: Record<string, unknown>) => JSON.stringify((attributes?.conversations as Record<string, unknown> | undefined) ?? {});

function add(figures: SuiteFigures, o: Observation): void {
  const accepted = o.reservations.filter((r) => r.accepted);
  figures.acceptedReservations += accepted.length;
  figures.calls += Object.keys(o.finalAttributes).length;
  for (const r of o.requests) {
    if (r.kind === 'read') {
      figures.reads.total += 1;
      if (!r.ok) figures.reads.failed += 1;
    } else {
      figures.writes.attempted += 1;
    }
  }
  figures.writes.accepted += o.writes.length;
  const perReservation = new Map<string, number>();
  for (const w of o.writes) {
    if (w.reservationSid) perReservation.set(w.reservationSid, (perReservation.get(w.reservationSid) ?? 0) + 1);
    // A write that left the value as it found it: the rule is none when unchanged.
    if (valueOf(w.before) === valueOf(w.after)) figures.writes.unchangedValue += 1;
  }
  for (const count of perReservation.values()) {
    figures.writes.perReservationMax = Math.max(figures.writes.perReservationMax, count);
    if (count === 2) figures.writes.reservationsWithTwo += 1;
  }
  // Complete's wait, for a reservation alone on its task and for one that shares it (a transfer).
  for (const a of o.actions) {
    if (a.type !== 'hangUpBy/completionReleased') continue;
    const mine = o.reservations.find((r) => r.sid === a.payload.reservationSid);
    const shared = o.reservations.some((r) => r.accepted && r.sid !== mine?.sid && r.taskSid === mine?.taskSid);
    (shared ? figures.waits.transfer : figures.waits.plain).push(Number(a.payload.waitedMs));
  }
  for (const agent of Object.values(o.agents)) {
    figures.storage.writes += agent.storageWrites;
    figures.storage.chars += agent.storageChars;
  }
}

export async function measureSuite(scenarios: Scenario[]): Promise<SuiteFigures> {
  const figures: SuiteFigures = {
    scenarios: scenarios.length,
    failing: 0,
    wallMs: [],
    acceptedReservations: 0,
    calls: 0,
    reads: { total: 0, failed: 0 },
    writes: { attempted: 0, accepted: 0, perReservationMax: 0, reservationsWithTwo: 0, unchangedValue: 0 },
    waits: { plain: [], transfer: [] },
    storage: { writes: 0, chars: 0 },
  };
  for (const scenario of scenarios) {
    const t0 = process.hrtime.bigint();
    const o = await observe(scenario);
    figures.wallMs.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (!o.result.passed) figures.failing += 1;
    add(figures, o);
  }
  return figures;
}

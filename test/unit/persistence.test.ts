import { createMigrate, migrations, PERSIST_VERSION } from '../../slices/persistence';
import type { ReservationRecord } from '../../slices/reservationRecord';
import { makeRecord, T0 } from '../builders/records';
import { makeLogger } from '../builders/services';

// redux-persist `migrate`: stored state from any version becomes state this version can trust.

const persisted = (version: number | undefined, records: Record<string, unknown>) => ({
  records,
  ...(version === undefined ? {} : { _persist: { version, rehydrated: true } }),
});

const valid = (sid: string, overrides: Partial<ReservationRecord> = {}) => makeRecord({ reservationSid: sid, ...overrides });

/** A record as version 1 stored it: `tookPartInTransfer` where version 2 has `sharesTask`. */
function versionOne(sid: string, tookPartInTransfer: boolean, overrides: Partial<ReservationRecord> = {}) {
  const { sharesTask: _sharesTask, ...rest } = valid(sid, overrides);
  return { ...rest, tookPartInTransfer };
}

function migrateWithLog() {
  const log = makeLogger();
  return { log, migrate: createMigrate(log) };
}

afterEach(() => jest.restoreAllMocks());

describe('createMigrate', () => {
  it('undefined (nothing stored) stays undefined, without a warning', async () => {
    const { log, migrate } = migrateWithLog();
    await expect(migrate(undefined, PERSIST_VERSION)).resolves.toBeUndefined();
    expect(log.entries).toEqual([]);
  });

  it('unversioned state (-1) migrates through migration 1 and keeps its valid records', async () => {
    const { log, migrate } = migrateWithLog();
    const spy = jest.spyOn(migrations, 1);
    const record = valid('WR1', { decision: { value: 'Agent', evidence: 'agentHungUp', at: T0 } });
    const out = await migrate(persisted(undefined, { WR1: record }), PERSIST_VERSION);
    expect(spy).toHaveBeenCalledTimes(1);
    expect(out.records).toEqual({ WR1: record });
    expect(log.messages('warn')).toEqual([]);
  });

  it('state at the current version runs no migration and is kept as it is', async () => {
    const { log, migrate } = migrateWithLog();
    const spy = jest.spyOn(migrations, 1);
    const state = persisted(PERSIST_VERSION, {
      WR1: valid('WR1'),
      WR2: valid('WR2', {
        status: 'wrapping',
        transfer: { kind: 'external', mode: 'WARM', target: '+1555', targetJoined: true },
        write: { status: 'writing', attempts: 2, target: { hangUpBy: null } },
      }),
    });
    await expect(migrate(state, PERSIST_VERSION)).resolves.toEqual(state);
    expect(spy).not.toHaveBeenCalled();
    expect(log.entries).toEqual([]);
  });

  const corruptions: Array<[string, (r: Record<string, unknown>) => unknown, string]> = [
    ['not an object', () => 'garbage', 'not an object'],
    ['an array', () => [], 'not an object'],
    ['keyed under another sid', (r) => ({ ...r, reservationSid: 'WRelse' }), 'sids missing or mismatched'],
    ['without a task sid', (r) => ({ ...r, taskSid: '' }), 'sids missing or mismatched'],
    ['with an unknown status', (r) => ({ ...r, status: 'ringing' }), 'unknown status'],
    ['with an unknown direction', (r) => ({ ...r, direction: 'sideways' }), 'unknown direction'],
    ['without acceptedAt', (r) => ({ ...r, acceptedAt: undefined }), 'acceptedAt missing'],
    ['with a flag that is not a boolean', (r) => ({ ...r, customerPresent: 'yes' }), 'customerPresent missing'],
    ['with an unknown decision value', (r) => ({ ...r, decision: { value: 'Robot', evidence: 'x', at: T0 } }), 'decision malformed'],
    ['with a decision missing its time', (r) => ({ ...r, decision: { value: 'Agent', evidence: 'x' } }), 'decision malformed'],
    ['with a transfer of unknown mode', (r) => ({ ...r, transfer: { kind: 'internal', mode: 'HOT', target: 'WQ', targetJoined: false } }), 'transfer malformed'],
    ['without write progress', (r) => ({ ...r, write: undefined }), 'write malformed'],
    ['with an unknown write status', (r) => ({ ...r, write: { status: 'sending', attempts: 0 } }), 'write malformed'],
    ['with a write target that is not a value', (r) => ({ ...r, write: { status: 'writing', attempts: 1, target: { hangUpBy: 7 } } }), 'write target malformed'],
    // Fields the reducers branch on: a wrong type here silently changes the decided value.
    ['with consultFrom that is not a sid or null', (r) => ({ ...r, consultFrom: 42, transferrerPresent: true }), 'consultFrom'],
    ['with a transfer of unknown kind', (r) => ({ ...r, transfer: { kind: 'sideways', mode: 'WARM', target: 'WQ', targetJoined: true } }), 'transfer malformed'],
    ['with voiceTrouble that is not a reason or null', (r) => ({ ...r, voiceTrouble: 17 }), 'voiceTrouble'],
    // Fields that decide a second write at Complete.
    ['without sharesTask', (r) => ({ ...r, sharesTask: undefined }), 'sharesTask missing'],
    ['with a write version that is not a string', (r) => ({ ...r, write: { status: 'succeeded', attempts: 1, version: 3 } }), 'write version malformed'],
    ['with rewritten that is not a boolean', (r) => ({ ...r, write: { status: 'succeeded', attempts: 1, rewritten: 'yes' } }), 'write rewritten malformed'],
    ['with a task value without a version', (r) => ({ ...r, sharesTask: true, taskValue: { hangUpBy: 'Agent' } }), 'taskValue malformed'],
    ['with a task value that is not a value', (r) => ({ ...r, sharesTask: true, taskValue: { version: '3', hangUpBy: 4 } }), 'taskValue malformed'],
  ];

  it.each(corruptions)('a record %s is dropped with a warning naming it; the others survive', async (_name, corrupt, reason) => {
    const { log, migrate } = migrateWithLog();
    const good = valid('WRgood');
    const out = await migrate(
      persisted(PERSIST_VERSION, { WRgood: good, WRbad: corrupt(valid('WRbad') as unknown as Record<string, unknown>) }),
      PERSIST_VERSION,
    );
    expect(out.records).toEqual({ WRgood: good });
    const warnings = log.messages('warn');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('WRbad');
    expect(warnings[0]).toContain(reason);
  });

  it('several corrupt records: one warning each', async () => {
    const { log, migrate } = migrateWithLog();
    const out = await migrate(persisted(PERSIST_VERSION, { WRa: 1, WRb: valid('WRb'), WRc: null }), PERSIST_VERSION);
    expect(Object.keys(out.records)).toEqual(['WRb']);
    expect(log.messages('warn')).toEqual([expect.stringContaining('WRa'), expect.stringContaining('WRc')]);
  });

  it.each<[string, unknown]>([
    ['a string', 'not json at all'],
    ['a number', 42],
    ['null', null],
    ['an array', []],
  ])('stored state that is %s → empty, with a warning', async (_name, state) => {
    const { log, migrate } = migrateWithLog();
    await expect(migrate(state, PERSIST_VERSION)).resolves.toEqual({ records: {} });
    expect(log.messages('warn')).toEqual([expect.stringContaining('unreadable')]);
  });

  it('stored state whose records are not an object → empty records, _persist kept, with a warning', async () => {
    const { log, migrate } = migrateWithLog();
    const out = await migrate({ records: 'oops', _persist: { version: 1, rehydrated: true } }, PERSIST_VERSION);
    expect(out).toEqual({ records: {}, _persist: { version: 1, rehydrated: true } });
    expect(log.messages('warn')).toHaveLength(1);
  });

  it('state from a newer plugin version keeps the records that still validate, with a warning', async () => {
    const { log, migrate } = migrateWithLog();
    const spy = jest.spyOn(migrations, 1);
    const good = { ...valid('WRgood'), someFutureField: { x: 1 } };
    const out = await migrate(persisted(PERSIST_VERSION + 1, { WRgood: good, WRbad: { reservationSid: 'WRbad' } }), PERSIST_VERSION);
    expect(spy).not.toHaveBeenCalled();
    expect(out.records).toEqual({ WRgood: good });
    const warnings = log.messages('warn');
    expect(warnings[0]).toContain(`version ${PERSIST_VERSION + 1}`);
    expect(warnings.some((w) => w.includes('WRbad'))).toBe(true);
  });

  it('a migration that throws → empty state with a warning, never an exception', async () => {
    const { log, migrate } = migrateWithLog();
    jest.spyOn(migrations, 1).mockImplementation(() => {
      throw new Error('boom');
    });
    await expect(migrate(persisted(undefined, { WR1: valid('WR1') }), PERSIST_VERSION)).resolves.toEqual({ records: {} });
    expect(log.messages('warn')).toEqual([expect.stringContaining('migration to version 1 failed')]);
  });
});

describe('migrations', () => {
  // One case per migration: the state stored before it, and the state it must produce.
  // A migration added without a case here fails the first test.
  const cases: Record<number, { before: Record<string, unknown>; after: Record<string, unknown> }> = {
    1: {
      before: { records: { WR1: valid('WR1', { status: 'wrapping', write: { status: 'requested', attempts: 0, trigger: 'callEnded' } }) } },
      after: { records: { WR1: valid('WR1', { status: 'wrapping', write: { status: 'requested', attempts: 0, trigger: 'callEnded' } }) } },
    },
    // `tookPartInTransfer` (any transfer) became `sharesTask` (internal transfers only).
    2: {
      before: {
        records: {
          WRin: versionOne('WRin', true, { consultFrom: 'WKx', transferrerPresent: true }),
          WRout: versionOne('WRout', true, { transfer: { kind: 'internal', mode: 'WARM', target: 'WKy', targetJoined: true } }),
          WRext: versionOne('WRext', true, { transfer: { kind: 'external', mode: 'WARM', target: '+1555', targetJoined: true } }),
          WRplain: versionOne('WRplain', false),
        },
      },
      after: {
        records: {
          WRin: valid('WRin', { sharesTask: true, consultFrom: 'WKx', transferrerPresent: true }),
          WRout: valid('WRout', { sharesTask: true, transfer: { kind: 'internal', mode: 'WARM', target: 'WKy', targetJoined: true } }),
          WRext: valid('WRext', { sharesTask: false, transfer: { kind: 'external', mode: 'WARM', target: '+1555', targetJoined: true } }),
          WRplain: valid('WRplain', { sharesTask: false }),
        },
      },
    },
  };

  it('every migration has a test case, and the last one reaches PERSIST_VERSION', () => {
    expect(Object.keys(cases)).toEqual(Object.keys(migrations));
    expect(Math.max(...Object.keys(migrations).map(Number))).toBe(PERSIST_VERSION);
  });

  it.each(Object.keys(cases).map(Number))('migration %i turns the state before it into the state after it', (version) => {
    expect(migrations[version](cases[version].before)).toEqual(cases[version].after);
  });

  it.each(Object.keys(cases).map(Number))('migration %i output passes validation without warnings', async (version) => {
    const { log, migrate } = migrateWithLog();
    const out = await migrate({ ...cases[version].before, _persist: { version: version - 1, rehydrated: true } }, version);
    expect(out.records).toEqual(cases[version].after.records);
    expect(log.entries).toEqual([]);
  });
});

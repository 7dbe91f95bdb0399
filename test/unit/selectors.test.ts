import {
  selectAllRecords,
  selectFinishedRecords,
  selectCompletionReady,
  selectLiveRecords,
  selectRecord,
  selectUnfinishedWrites,
} from '../../slices/hangUpBySlice';
import type { RecordStatus, WriteStatus } from '../../slices/reservationRecord';
import { makeRecord, makeRoot, SID } from '../builders/records';

const rec = (reservationSid: string, status: RecordStatus, write: WriteStatus) =>
  makeRecord({ reservationSid, status, write: { status: write } });

describe('selectors', () => {
  it('read nothing, without throwing, before the slice is in the store', () => {
    expect(selectRecord({}, SID)).toBeUndefined();
    expect(selectAllRecords({})).toEqual([]);
    expect(selectLiveRecords({})).toEqual([]);
    expect(selectUnfinishedWrites({})).toEqual([]);
    expect(selectFinishedRecords({})).toEqual([]);
  });

  it('selectRecord finds a record by reservation sid', () => {
    const record = makeRecord();
    expect(selectRecord(makeRoot(record), SID)).toBe(record);
    expect(selectRecord(makeRoot(record), 'WRother')).toBeUndefined();
  });

  const root = makeRoot(
    rec('live-idle', 'live', 'idle'),
    rec('wrapping-requested', 'wrapping', 'requested'),
    rec('wrapping-writing', 'wrapping', 'writing'),
    rec('wrapping-succeeded', 'wrapping', 'succeeded'),
    rec('completed-writing', 'completed', 'writing'),
    rec('completed-succeeded', 'completed', 'succeeded'),
    rec('completed-unchanged', 'completed', 'unchanged'),
    rec('completed-failed', 'completed', 'failed'),
    rec('completed-idle', 'completed', 'idle'),
  );
  const sids = (records: Array<{ reservationSid: string }>) => records.map((r) => r.reservationSid).sort();

  it('selectLiveRecords: only calls still live', () => {
    expect(sids(selectLiveRecords(root))).toEqual(['live-idle']);
  });

  it('selectUnfinishedWrites: writes requested or in flight, whatever the call status', () => {
    expect(sids(selectUnfinishedWrites(root))).toEqual(['completed-writing', 'wrapping-requested', 'wrapping-writing']);
  });

  it('selectFinishedRecords: completed and settled (succeeded, unchanged or failed), nothing else', () => {
    expect(sids(selectFinishedRecords(root))).toEqual(['completed-failed', 'completed-succeeded', 'completed-unchanged']);
  });

  it.each<[WriteStatus, boolean]>([
    ['idle', false],
    ['requested', false],
    ['writing', false],
    ['succeeded', true],
    ['unchanged', true],
    ['failed', true],
  ])('selectCompletionReady: a %s write → %p', (status, settled) => {
    expect(selectCompletionReady(makeRoot(rec(SID, 'wrapping', status)), SID)).toBe(settled);
  });

  it('selectCompletionReady: a record already pruned (or never held) has nothing to wait for', () => {
    expect(selectCompletionReady(makeRoot(), SID)).toBe(true);
  });

  it('selectCompletionReady: a settled write that another reservation overwrote since is not ready (a second write is due)', () => {
    const overwritten = makeRecord({
      status: 'wrapping',
      sharesTask: true,
      write: { status: 'succeeded', attempts: 1, target: { hangUpBy: 'Agent' }, version: '3' },
      taskValue: { version: '4', hangUpBy: 'Consult' },
    });
    expect(selectCompletionReady(makeRoot(overwritten), SID)).toBe(false);
    expect(selectCompletionReady(makeRoot({ ...overwritten, taskValue: { version: '4', hangUpBy: 'Agent' } }), SID)).toBe(true);
  });
});

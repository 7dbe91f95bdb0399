import { isHangUpBy } from './outcomes';
import type { ReservationRecord } from './reservationRecord';
import type { HangUpByState } from './state';

/**
 * Persisted state: the slice, under a redux-persist key scoped to the Flex instance and worker.
 * Version 1 is the first persisted shape. A migration is added here (and tested) each time the
 * shape of a record changes; records that fail validation are dropped one by one with a warning.
 * Version 2: `tookPartInTransfer` (any transfer) became `sharesTask` (internal transfers only).
 */
export const PERSIST_VERSION = 2;

export interface PersistLogger {
  warn(message: string, ...details: unknown[]): void;
}

type Migration = (state: Record<string, unknown>) => Record<string, unknown>;

/** Migrations from the version before the key to the key's version. */
export const migrations: Record<number, Migration> = {
  // Before versioning (-1): the same shape, without `_persist.version`. Kept as the base case.
  1: (state) => state,
  2: (state) => {
    if (!isObject(state.records)) return state;
    const records: Record<string, unknown> = {};
    for (const [key, record] of Object.entries(state.records)) {
      if (!isObject(record) || !('tookPartInTransfer' in record)) {
        records[key] = record;
        continue;
      }
      const { tookPartInTransfer, ...rest } = record;
      // An external transfer brings no second reservation; a canceled one may have (the safe side).
      records[key] = { ...rest, sharesTask: tookPartInTransfer === true && rest.transfer?.kind !== 'external' };
    }
    return { ...state, records };
  },
};

const STATUSES = ['live', 'wrapping', 'completed'];
const WRITE_STATUSES = ['idle', 'requested', 'writing', 'succeeded', 'unchanged', 'failed'];

const isString = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isObject = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v); // any: persisted fields are checked one by one below

/** Returns the reason a persisted record cannot be trusted, or null when it can. */
export function invalidRecordReason(key: string, record: unknown): string | null {
  if (!isObject(record)) return 'not an object';
  if (record.reservationSid !== key || !isString(record.taskSid)) return 'sids missing or mismatched';
  if (!STATUSES.includes(record.status)) return `unknown status ${JSON.stringify(record.status)}`;
  if (record.direction !== 'inbound' && record.direction !== 'outbound') return 'unknown direction';
  if (!isNumber(record.acceptedAt)) return 'acceptedAt missing';
  for (const flag of ['customerPresent', 'customerAnswered', 'sharesTask', 'transferrerPresent']) {
    if (typeof record[flag] !== 'boolean') return `${flag} missing`;
  }
  if (record.legCallSid !== undefined && !isString(record.legCallSid)) return 'legCallSid malformed';
  for (const sid of ['consultFrom', 'voiceTrouble']) {
    if (record[sid] !== null && !isString(record[sid])) return `${sid} malformed`;
  }
  const decision = record.decision;
  if (decision !== null && !(isObject(decision) && isHangUpBy(decision.value) && isString(decision.evidence) && isNumber(decision.at))) {
    return 'decision malformed';
  }
  const transfer = record.transfer;
  const transferValid =
    isObject(transfer) &&
    (transfer.kind === 'internal' || transfer.kind === 'external') &&
    (transfer.mode === 'COLD' || transfer.mode === 'WARM') &&
    typeof transfer.target === 'string' &&
    typeof transfer.targetJoined === 'boolean' &&
    (transfer.confirmed === undefined || typeof transfer.confirmed === 'boolean');
  if (transfer !== null && !transferValid) {
    return 'transfer malformed';
  }
  const write = record.write;
  if (!isObject(write) || !WRITE_STATUSES.includes(write.status) || !isNumber(write.attempts)) return 'write malformed';
  if (write.target !== undefined && !(isObject(write.target) && (write.target.hangUpBy === null || typeof write.target.hangUpBy === 'string'))) {
    return 'write target malformed';
  }
  if (write.version !== undefined && !isString(write.version)) return 'write version malformed';
  if (write.rewritten !== undefined && typeof write.rewritten !== 'boolean') return 'write rewritten malformed';
  const taskValue = record.taskValue;
  const taskValueValid =
    isObject(taskValue) &&
    isString(taskValue.version) &&
    (taskValue.hangUpBy === null || typeof taskValue.hangUpBy === 'string') &&
    (taskValue.destination === undefined || typeof taskValue.destination === 'string');
  if (taskValue !== undefined && !taskValueValid) return 'taskValue malformed';
  return null;
}

/** Keeps the records that validate; logs one warning per dropped record. */
export function validateState(state: unknown, log: PersistLogger): HangUpByState & { _persist?: unknown } {
  if (!isObject(state) || !isObject(state.records)) {
    if (state !== undefined) log.warn('[hang-up-by] persisted state unreadable: starting empty', state);
    return { records: {}, ...(isObject(state) && state._persist ? { _persist: state._persist } : {}) };
  }
  const records: Record<string, ReservationRecord> = {};
  for (const [key, record] of Object.entries(state.records)) {
    const reason = invalidRecordReason(key, record);
    if (reason) log.warn(`[hang-up-by] persisted record ${key} dropped: ${reason}`);
    else records[key] = record as ReservationRecord;
  }
  return { ...state, records };
}

/**
 * redux-persist `migrate`: runs the migrations from the stored version up to ours, then validates.
 * State written by a newer version of the plugin is validated as it is: what still reads as a
 * record is kept, the rest dropped with a warning.
 */
export function createMigrate(log: PersistLogger) {
  return async (state: any, currentVersion: number): Promise<any> => { // any: whatever storage held, validated below
    if (state === undefined) return undefined;
    if (!isObject(state)) return validateState(state, log);
    const stored = isNumber(state._persist?.version) ? state._persist.version : -1;
    let migrated: Record<string, unknown> = state;
    if (stored > currentVersion) {
      log.warn(`[hang-up-by] persisted state is version ${stored}, newer than ${currentVersion}: keeping only valid records`);
    } else {
      const keys = Object.keys(migrations).map(Number).filter((v) => v > stored && v <= currentVersion).sort((a, b) => a - b);
      for (const version of keys) {
        try {
          migrated = migrations[version](migrated);
        } catch (error) {
          log.warn(`[hang-up-by] migration to version ${version} failed: starting empty`, String(error));
          return validateState(undefined, log);
        }
      }
    }
    return validateState(migrated, log);
  };
}

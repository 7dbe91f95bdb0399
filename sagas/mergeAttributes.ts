import type { AttributeTarget } from '../slices/outcomes';

export type MergeResult =
  | { kind: 'unchanged' }
  | { kind: 'merged'; attributes: Record<string, unknown> }
  | { kind: 'malformed'; reason: string };

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** TaskRouter hands attributes over as an object, but a JSON string is seen too. */
export function parseAttributes(raw: unknown): Record<string, unknown> | null {
  if (raw === undefined || raw === null || raw === '') return {};
  if (isPlainObject(raw)) return raw;
  if (typeof raw === 'string') {
    try {
      const parsed: unknown = JSON.parse(raw);
      return isPlainObject(parsed) ? parsed : null;
    } catch {
      return null;
    }
  }
  return null;
}

/**
 * Merges the target into the latest attributes, changing `conversations.hang_up_by` (and
 * `conversations.destination`) and nothing else. When the attributes cannot be merged without
 * destroying something (not JSON, `conversations` not an object), nothing is written.
 */
export function mergeAttributes(raw: unknown, target: AttributeTarget): MergeResult {
  const attributes = parseAttributes(raw);
  if (!attributes) return { kind: 'malformed', reason: 'task attributes are not a JSON object' };
  const current = attributes.conversations ?? {};
  if (!isPlainObject(current)) return { kind: 'malformed', reason: 'conversations is not an object' };

  const conversations: Record<string, unknown> = { ...current };
  if (target.hangUpBy === null) delete conversations.hang_up_by;
  else conversations.hang_up_by = target.hangUpBy;
  if (target.destination !== undefined) conversations.destination = target.destination;

  const unchanged =
    conversations.hang_up_by === current.hang_up_by &&
    ('hang_up_by' in conversations) === ('hang_up_by' in current) &&
    conversations.destination === current.destination;
  if (unchanged) return { kind: 'unchanged' };
  return { kind: 'merged', attributes: { ...attributes, conversations } };
}

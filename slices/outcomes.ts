/**
 * The values of `conversations.hang_up_by`, as `shared/design/outcomes.md` defines them.
 * Pure: no Flex, no Redux.
 */
export const HANG_UP_BY_VALUES = [
  'Customer',
  'Agent',
  'Agent-System-Issue',
  'Consult',
  'Cold Transfer',
  'Warm Transfer',
  'External Cold Transfer',
  'External Warm Transfer',
] as const;

export type HangUpBy = (typeof HANG_UP_BY_VALUES)[number];

export type TransferMode = 'COLD' | 'WARM';

/** `clear` removes the key from a transferring agent's segment; `label` writes Cold/Warm Transfer. */
export type TransferPolicy = 'clear' | 'label';

/** What a reservation's segment should carry: `hangUpBy: null` means the key is removed. */
export interface AttributeTarget {
  hangUpBy: string | null;
  destination?: string;
}

export function isHangUpBy(value: unknown): value is HangUpBy {
  return typeof value === 'string' && (HANG_UP_BY_VALUES as readonly string[]).includes(value);
}

export function transferValue(kind: 'internal' | 'external', mode: TransferMode): HangUpBy {
  const label = mode === 'COLD' ? 'Cold Transfer' : 'Warm Transfer';
  return kind === 'external' ? (`External ${label}` as HangUpBy) : label;
}

/**
 * The attributes a decided value turns into. Internal transfers are the only values the policy
 * changes: with `clear` only one segment of a transferred call carries a value (the last one).
 */
export function attributeTargetFor(
  value: HangUpBy,
  policy: TransferPolicy,
  destination?: string,
): AttributeTarget {
  if ((value === 'Cold Transfer' || value === 'Warm Transfer') && policy === 'clear') {
    return { hangUpBy: null };
  }
  if (value === 'External Cold Transfer' || value === 'External Warm Transfer') {
    return destination ? { hangUpBy: value, destination } : { hangUpBy: value };
  }
  return { hangUpBy: value };
}

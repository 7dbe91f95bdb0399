import { mergeAttributes, parseAttributes } from '../../sagas/mergeAttributes';

// The write changes conversations.hang_up_by (and conversations.destination) and nothing else.

const latest = () => ({
  from: '+15550001',
  direction: 'inbound',
  customers: { name: 'Ada', tags: ['vip'] },
  conversations: { conversation_id: 'WTabc', queue_time: 12, hang_up_by: 'Customer', kind: { nested: [1, 2] } },
  zero: 0,
  nothing: null,
});

describe('mergeAttributes', () => {
  it('sets hang_up_by and keeps every other key, inside conversations too, exactly', () => {
    const before = latest();
    const result = mergeAttributes(before, { hangUpBy: 'Agent' });
    expect(result).toEqual({
      kind: 'merged',
      attributes: { ...latest(), conversations: { ...latest().conversations, hang_up_by: 'Agent' } },
    });
    expect(before).toEqual(latest()); // the input is not mutated
  });

  it('adds conversations when the task has none', () => {
    expect(mergeAttributes({ a: 1 }, { hangUpBy: 'Customer' })).toEqual({
      kind: 'merged',
      attributes: { a: 1, conversations: { hang_up_by: 'Customer' } },
    });
  });

  it('an external outcome also writes the destination', () => {
    const result = mergeAttributes(latest(), { hangUpBy: 'External Warm Transfer', destination: '+15550100' });
    expect(result).toEqual({
      kind: 'merged',
      attributes: {
        ...latest(),
        conversations: { ...latest().conversations, hang_up_by: 'External Warm Transfer', destination: '+15550100' },
      },
    });
  });

  it('a non-external outcome leaves an existing destination alone', () => {
    const result = mergeAttributes({ conversations: { hang_up_by: 'Customer', destination: '+1' } }, { hangUpBy: 'Agent' });
    expect(result).toEqual({ kind: 'merged', attributes: { conversations: { hang_up_by: 'Agent', destination: '+1' } } });
  });

  it('clear (hangUpBy null) removes the key and nothing else', () => {
    const result = mergeAttributes(latest(), { hangUpBy: null });
    const { hang_up_by: _removed, ...rest } = latest().conversations;
    expect(result).toEqual({ kind: 'merged', attributes: { ...latest(), conversations: rest } });
    if (result.kind === 'merged') expect('hang_up_by' in (result.attributes.conversations as object)).toBe(false);
  });

  it.each<[string, unknown, { hangUpBy: string | null; destination?: string }]>([
    ['the value is already there', { conversations: { hang_up_by: 'Agent', other: 1 } }, { hangUpBy: 'Agent' }],
    ['the value and destination are already there', { conversations: { hang_up_by: 'External Cold Transfer', destination: '+1' } }, { hangUpBy: 'External Cold Transfer', destination: '+1' }],
    ['clearing a key that is absent', { conversations: { other: 1 } }, { hangUpBy: null }],
    ['clearing with no conversations at all', { a: 1 }, { hangUpBy: null }],
    ['clearing empty attributes', {}, { hangUpBy: null }],
  ])('unchanged when %s', (_name, raw, target) => {
    expect(mergeAttributes(raw, target)).toEqual({ kind: 'unchanged' });
  });

  it.each<[string, unknown, { hangUpBy: string | null; destination?: string }]>([
    ['the destination differs', { conversations: { hang_up_by: 'External Cold Transfer', destination: '+1' } }, { hangUpBy: 'External Cold Transfer', destination: '+2' }],
    ['another value is there', { conversations: { hang_up_by: 'Customer' } }, { hangUpBy: 'Agent' }],
    ['clearing a key that is present', { conversations: { hang_up_by: 'Customer' } }, { hangUpBy: null }],
  ])('changed when %s', (_name, raw, target) => {
    expect(mergeAttributes(raw, target).kind).toBe('merged');
  });

  it('attributes given as a JSON string are parsed and merged', () => {
    expect(mergeAttributes(JSON.stringify(latest()), { hangUpBy: 'Agent' })).toEqual({
      kind: 'merged',
      attributes: { ...latest(), conversations: { ...latest().conversations, hang_up_by: 'Agent' } },
    });
  });

  it.each<[string, unknown]>([
    ['a string that is not JSON', '{"conversations": '],
    ['a JSON string of an array', '[1,2]'],
    ['a JSON string of a number', '42'],
    ['an array', [{ conversations: {} }]],
    ['a number', 7],
    ['a boolean', true],
  ])('attributes that are %s → malformed, nothing written', (_name, raw) => {
    expect(mergeAttributes(raw, { hangUpBy: 'Agent' })).toEqual({ kind: 'malformed', reason: 'task attributes are not a JSON object' });
  });

  it.each<[string, unknown]>([
    ['a string', 'hang_up_by=Agent'],
    ['an array', [{ hang_up_by: 'Agent' }]],
    ['a number', 1],
  ])('conversations that is %s → malformed: merging would destroy it', (_name, conversations) => {
    expect(mergeAttributes({ conversations }, { hangUpBy: 'Agent' })).toEqual({ kind: 'malformed', reason: 'conversations is not an object' });
  });
});

describe('parseAttributes', () => {
  it.each<[string, unknown]>([
    ['undefined', undefined],
    ['null', null],
    ['an empty string', ''],
  ])('%s reads as empty attributes', (_name, raw) => {
    expect(parseAttributes(raw)).toEqual({});
  });

  it('an object is returned as it is', () => {
    const attributes = { a: 1 };
    expect(parseAttributes(attributes)).toBe(attributes);
  });
});

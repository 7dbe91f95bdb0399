/** Scenario files, as shared/design/scenario-format.md defines them. */

export interface Step {
  do: string;
  [field: string]: unknown;
}

export interface ExpectedSegment {
  agent: string;
  hang_up_by: string | null;
  destination?: string;
}

export interface Scenario {
  name: string;
  config?: Record<string, unknown>;
  initialAttributes?: Record<string, unknown>;
  /**
   * How TaskRouter is reached. `versionCheck` (default true): the worker sends the task's version
   * with each update (twilio-taskrouter's `enableVersionCheck`), so a change made since the read
   * is refused (412). Hosted Flex creates its Worker without it (README, "Versions").
   */
  taskRouter?: { versionCheck?: boolean };
  steps: Step[];
  expect: {
    segments: ExpectedSegment[];
    writes?: number;
    attributes?: Record<string, unknown>;
    /** Plugin writes that changed attributes other than its own (default 0: always checked). */
    overwrites?: number;
  };
}

export const STEP_FIELDS: Record<string, string[]> = {
  incomingCall: ['call'],
  offer: ['call', 'agent'],
  accept: ['agent'],
  reject: ['agent'],
  timeout: ['agent'],
  outboundCall: ['call', 'agent', 'to'],
  customerAnswers: ['call'],
  customerNoAnswer: ['call'],
  hangup: ['agent'],
  customerHangup: ['call'],
  kickCustomer: ['agent'],
  endConferenceForAll: ['agent'],
  transfer: ['agent', 'to', 'mode'],
  cancelTransfer: ['agent'],
  externalTransfer: ['agent', 'to', 'mode'],
  externalJoins: ['call'],
  externalLeaves: ['call'],
  reload: ['agent'],
  networkDrop: ['agent'],
  wrapup: ['agent'],
  complete: ['agent'],
  autoComplete: ['agent'],
  fault: ['kind', 'times'],
  foreignWrite: ['call', 'attributes'],
  wait: ['ms'],
  connectionLost: ['agent'],
  connectionRestored: ['agent'],
  closeTab: ['agent'],
  openTab: ['agent'],
};

/** Steps the agent takes in their own Flex tab: impossible while that tab is closed. */
export const IN_TAB: ReadonlySet<string> = new Set([
  'accept',
  'outboundCall',
  'hangup',
  'kickCustomer',
  'endConferenceForAll',
  'transfer',
  'cancelTransfer',
  'externalTransfer',
  'reload',
  'wrapup',
  'complete',
  'connectionLost',
  'connectionRestored',
]);

export const FAULT_KINDS = ['429', '503', 'network', 'conflict', '403', 'timeout', 'interleavedWrite'];

/** Checks a parsed file against the format; returns the problems (empty when valid). */
export function validateScenario(value: unknown): string[] {
  const problems: string[] = [];
  const s = value as Partial<Scenario>;
  if (typeof value !== 'object' || value === null) return ['not a JSON object'];
  if (typeof s.name !== 'string' || !s.name) problems.push('"name" missing');
  if (!Array.isArray(s.steps) || s.steps.length === 0) problems.push('"steps" missing or empty');
  if (!s.expect || !Array.isArray(s.expect.segments)) problems.push('"expect.segments" missing');
  (s.steps ?? []).forEach((step, i) => {
    const fields = STEP_FIELDS[(step as Step)?.do];
    if (!fields) {
      problems.push(`step ${i + 1}: unknown step "${(step as Step)?.do}"`);
      return;
    }
    for (const field of fields) {
      if ((step as Step)[field] === undefined) problems.push(`step ${i + 1} (${(step as Step).do}): "${field}" missing`);
    }
    if ((step.do === 'transfer' || step.do === 'externalTransfer') && step.mode !== 'COLD' && step.mode !== 'WARM') {
      problems.push(`step ${i + 1} (${step.do}): mode must be COLD or WARM`);
    }
    if (step.do === 'fault' && !FAULT_KINDS.includes(String(step.kind))) {
      problems.push(`step ${i + 1} (fault): kind must be one of ${FAULT_KINDS.join(', ')}`);
    }
  });
  problems.push(...tabProblems(s.steps ?? []));
  return problems;
}

/**
 * Follows each agent's tab through the steps: `closeTab` needs an open tab, `openTab` a closed
 * one, and nothing is done in a closed tab (TaskRouter still offers to the worker, and the
 * reservation waits for the tab to open again or times out).
 */
function tabProblems(steps: Step[]): string[] {
  const problems: string[] = [];
  const closedAt = new Map<string, number>();
  steps.forEach((step, i) => {
    const agent = typeof step?.agent === 'string' ? step.agent : undefined;
    if (!agent) return;
    const closed = closedAt.get(agent);
    if (step.do === 'closeTab') {
      if (closed !== undefined) problems.push(`step ${i + 1} (closeTab): ${agent}'s tab is closed already (step ${closed})`);
      else closedAt.set(agent, i + 1);
    } else if (step.do === 'openTab') {
      if (closed === undefined) problems.push(`step ${i + 1} (openTab): ${agent}'s tab is not closed`);
      closedAt.delete(agent);
    } else if (closed !== undefined && IN_TAB.has(step.do)) {
      problems.push(`step ${i + 1} (${step.do}): ${agent}'s tab is closed (step ${closed}); openTab first`);
    }
  });
  return problems;
}

/**
 * @jest-environment node
 */
import type { BrowserSession } from '../../sim/page/engine';
import { runScenario } from '../../sim/run';
import { BROWSER_TEST_TIMEOUT, hangUpByState, inboundCall, pageOf, scenario, useBrowserEngine } from './support';

const engine = useBrowserEngine();

/** Who each agent's page shows on the call (Flex's conference state in that page's store). */
function conferenceSeenBy(session: BrowserSession, agent: string) {
  return pageOf(session, agent).evaluate(() => {
    const flex = (window as unknown as { Twilio: { Flex: { Manager: { getInstance(): { store: { getState(): { flex: { conferences: { states: Map<string, { source: { participants: Array<{ participantType: string; status: string; isCurrentWorker: boolean }> } }> } } } } } } } } }).Twilio.Flex;
    const states = flex.Manager.getInstance().store.getState().flex.conferences.states;
    return [...states.values()].flatMap((s) => s.source.participants.filter((p) => p.status === 'joined').map((p) => (p.isCurrentWorker ? 'me' : p.participantType)));
  });
}

describe('a warm transfer between two agent pages (browser engine)', () => {
  it(
    'alice consults bob, bob joins, alice leaves: Warm Transfer on her segment, bob Customer on his',
    async () => {
      const midCall: Record<string, unknown> = {};
      const result = await runScenario(
        scenario(
          'warm transfer',
          [
            ...inboundCall(),
            { do: 'wait', ms: 20000 },
            { do: 'transfer', agent: 'alice', to: 'bob', mode: 'WARM' },
            { do: 'accept', agent: 'bob' },
            { do: 'wait', ms: 15000 },
            { do: 'hangup', agent: 'alice' },
            { do: 'complete', agent: 'alice' },
            { do: 'wait', ms: 60000 },
            { do: 'customerHangup', call: 'c1' },
            { do: 'complete', agent: 'bob' },
          ],
          { segments: [{ agent: 'alice', hang_up_by: 'Warm Transfer' }, { agent: 'bob', hang_up_by: 'Customer' }], writes: 2, attributes: { crm_id: 7 } },
          { config: { transferPolicy: 'label' }, initialAttributes: { crm_id: 7 } },
        ),
        undefined,
        {
          engine: engine(),
          afterStep: async (index, _step, s) => {
            if (index !== 5) return; // both agents on the call with the customer
            const session = s as BrowserSession;
            midCall.alice = await conferenceSeenBy(session, 'alice');
            midCall.bob = await conferenceSeenBy(session, 'bob');
            const bob = await hangUpByState(pageOf(session, 'bob'));
            midCall.bobRecord = Object.values(bob.records).map((r) => r.status);
            midCall.separatePages = pageOf(session, 'alice').context() !== pageOf(session, 'bob').context();
          },
        },
      );
      expect(result.failures).toEqual([]);
      expect(midCall).toEqual({
        alice: ['customer', 'me', 'worker'],
        bob: ['customer', 'worker', 'me'],
        bobRecord: ['live'],
        separatePages: true,
      });
    },
    BROWSER_TEST_TIMEOUT,
  );
});

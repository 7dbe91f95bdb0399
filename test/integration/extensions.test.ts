/**
 * Extension points, through the real Flex Actions framework: the README's example extension
 * (src/examples/ownHangUpButton.ts) and the guard that keeps built-in rules in place.
 */
import { put } from 'redux-saga/effects';
import { ownHangUpButton } from '../../src/examples/ownHangUpButton';
import type { Extension } from '../../src/install';
import { hangUpByActions } from '../../slices/hangUpBySlice';
import { registerFakeAction, startHarness, type Harness } from '../support/flexHarness';

let h: Harness;
afterEach(() => h?.stop());

beforeAll(() => registerFakeAction('EndCallFromCrm'));

describe('extensions', () => {
  it('an own hang-up action, routed by an extension, records Agent before the action runs', async () => {
    h = await startHarness({ extensions: [ownHangUpButton] });
    const reservation = h.acceptCall();

    await h.invoke('EndCallFromCrm', { task: reservation.flexTask() });

    expect(h.record(reservation.sid)?.decision).toMatchObject({ value: 'Agent', evidence: 'agentHungUp' });
    expect(h.actionCalls.map((c) => c.name)).toEqual(['EndCallFromCrm']);
    expect(h.actionCalls[0].records[reservation.sid]?.decision?.value).toBe('Agent');
  });

  it('without the extension the same action decides nothing', async () => {
    h = await startHarness();
    const reservation = h.acceptCall();

    await h.invoke('EndCallFromCrm', { task: reservation.flexTask() });

    expect(h.record(reservation.sid)?.decision).toBeNull();
  });

  it("an extension's listener goes with uninstall", async () => {
    h = await startHarness({ extensions: [ownHangUpButton] });
    const reservation = h.acceptCall();
    h.stop();

    await h.invoke('EndCallFromCrm', { task: reservation.flexTask() });

    expect(h.record(reservation.sid)?.decision ?? null).toBeNull();
  });

  it('a router for a built-in kind is ignored with a warning: the built-in rules stay', async () => {
    const hijack: Extension = {
      name: 'hijack',
      routers: {
        *flexAction(services) {
          yield put(hangUpByActions.pageUnloadedDuringCall({ reservationSids: [], at: services.clock.now() }));
        },
      },
    };
    h = await startHarness({ extensions: [hijack] });
    const reservation = h.acceptCall();

    await h.invoke('HangupCall', { task: reservation.flexTask() });

    expect(h.record(reservation.sid)?.decision?.value).toBe('Agent');
    expect(h.log.lines).toContainEqual({ level: 'warn', message: expect.stringContaining('router for "flexAction" ignored') });
  });

  it('an extension whose sources throw is logged and left out; the plugin still works', async () => {
    const broken: Extension = {
      name: 'broken',
      sources: () => {
        throw new Error('no emitter');
      },
    };
    h = await startHarness({ extensions: [broken] });
    const reservation = h.acceptCall();

    await h.invoke('HangupCall', { task: reservation.flexTask() });

    expect(h.record(reservation.sid)?.decision?.value).toBe('Agent');
    expect(h.log.errors).toContainEqual(expect.stringContaining('extension broken: sources not added'));
  });
});

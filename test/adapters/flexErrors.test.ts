/**
 * flexErrorSource: Flex runs no after-listener when an action's body throws; it reports the
 * failure on its own event emitter (`manager.events`, "flexError"). Checked against the real Flex.
 */
import { EventEmitter } from 'events';
import { flexErrorSource } from '../../src/sources/flexErrors';
import { openSource } from '../support/channels';
import { createFlexStage } from '../support/flexHarness';

const task = { sid: 'WR1', taskSid: 'WT1', taskChannelUniqueName: 'voice' };
const failed = (name: string) => ({ kind: 'flexAction', phase: 'failed', name, reservationSid: null, taskSid: null, taskChannel: null });

describe('flexErrorSource with the real Flex', () => {
  it("an action whose body throws is reported as failed, by name (Flex's error names no task)", async () => {
    const stage = createFlexStage();
    const { channel, taken } = openSource(flexErrorSource(stage.Flex.Manager.events));
    stage.failAction('TransferTask', new Error('Worker WKbusy is not available'));

    await expect(stage.Flex.Actions.invokeAction('TransferTask', { task, targetSid: 'WKbusy' })).rejects.toThrow();

    expect(taken()).toEqual([failed('TransferTask')]);
    channel.close();
  });

  it('a before-listener that throws is not an action failure (Flex carries the action out)', async () => {
    const stage = createFlexStage();
    const { channel, taken } = openSource(flexErrorSource(stage.Flex.Manager.events));
    const throwing = () => {
      throw new Error('another plugin misbehaves');
    };
    stage.Flex.Actions.addListener('beforeWrapupTask', throwing);

    await stage.Flex.Actions.invokeAction('WrapupTask', { task });

    stage.Flex.Actions.removeListener('beforeWrapupTask', throwing);
    expect(stage.actionCalls.map((c) => c.name)).toEqual(['WrapupTask']);
    expect(taken()).toEqual([]);
    channel.close();
  });

  it('after close(), none of its listeners is left on manager.events', () => {
    const { Flex } = createFlexStage();
    const before = Flex.Manager.events.listenerCount('flexError');
    const { channel } = openSource(flexErrorSource(Flex.Manager.events));
    expect(Flex.Manager.events.listenerCount('flexError')).toBe(before + 1);

    channel.close();

    expect(Flex.Manager.events.listenerCount('flexError')).toBe(before);
  });
});

describe('flexErrorSource, error shapes', () => {
  it.each<[string, unknown, string[]]>([
    ['FlexError content.description', { content: { description: 'Error in action CancelTransfer body: gone' } }, ['CancelTransfer']],
    ['a description', { description: 'Error in action StartExternalWarmTransfer body: 21211' }, ['StartExternalWarmTransfer']],
    ['a message', { message: 'Error in action HangupCall body: no call' }, ['HangupCall']],
    ['an unrelated error', { content: { description: 'Token expired' } }, []],
    ['nothing', undefined, []],
  ])('%s', (_, error, names) => {
    const events = new EventEmitter();
    const { taken } = openSource(flexErrorSource(events));

    events.emit('flexError', error);

    expect(taken()).toEqual(names.map(failed));
  });
});

import { EventEmitter } from 'events';
import { connectionSource } from '../../src/sources/connection';
import { openSource } from '../support/channels';

describe('connectionSource (manager.events "connectionStateChanged")', () => {
  it.each([
    ['connected', 'connected'],
    ['connecting', 'notConnected'],
    ['disconnected', 'notConnected'],
    ['denied', 'notConnected'],
    [undefined, 'notConnected'],
  ])('%p → %s', (flexState, state) => {
    const events = new EventEmitter();
    const { taken } = openSource(connectionSource(events));

    events.emit('connectionStateChanged', flexState);

    expect(taken()).toEqual([{ kind: 'connection', state }]);
  });

  it('after close(), no listener is left on manager.events', () => {
    const events = new EventEmitter();
    const { channel, taken } = openSource(connectionSource(events));

    channel.close();

    expect(events.listenerCount('connectionStateChanged')).toBe(0);
    events.emit('connectionStateChanged', 'disconnected');
    expect(taken()).toEqual([]);
  });
});

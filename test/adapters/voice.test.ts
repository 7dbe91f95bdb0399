import { EventEmitter } from 'events';
import { voiceSource } from '../../src/sources/voice';
import { openSource } from '../support/channels';
import { CALL_EVENTS, FakeDevice, listenerCounts } from '../support/fakes';

const noListeners = Object.fromEntries(CALL_EVENTS.map((event) => [event, 0]));

describe('voiceSource', () => {
  it('an incoming call: error (with its code), reconnecting, reconnected, disconnect; then the call is let go', () => {
    const device = new FakeDevice();
    const { taken } = openSource(voiceSource(device));

    const call = device.ring();
    call.emit('error', { code: 31005, message: 'Connection error' });
    call.emit('reconnecting', { code: 53405 });
    call.emit('reconnected');
    call.emit('disconnect', call);

    expect(taken()).toEqual([
      { kind: 'voice', event: 'error', code: 31005 },
      { kind: 'voice', event: 'reconnecting' },
      { kind: 'voice', event: 'reconnected' },
      { kind: 'voice', event: 'disconnect' },
    ]);
    expect(listenerCounts(call, CALL_EVENTS)).toEqual(noListeners);
  });

  it('a call that carries its CallSid names its leg in every event', () => {
    const device = new FakeDevice();
    const { taken } = openSource(voiceSource(device));

    const call = Object.assign(new EventEmitter(), { parameters: { CallSid: 'CAleg' } });
    device.emit('incoming', call);
    call.emit('error', { code: 31005 });
    call.emit('disconnect', call);

    expect(taken()).toEqual([
      { kind: 'voice', event: 'error', code: 31005, callSid: 'CAleg' },
      { kind: 'voice', event: 'disconnect', callSid: 'CAleg' },
    ]);
  });

  it.each([undefined, {}, { code: '31005' }])('an error without a numeric code (%p) has no code', (error) => {
    const device = new FakeDevice();
    const { taken } = openSource(voiceSource(device));

    device.ring().emit('error', error);

    expect(taken()).toEqual([{ kind: 'voice', event: 'error', code: undefined }]);
  });

  it('follows the calls the Device already has at subscribe time', () => {
    const device = new FakeDevice();
    const ongoing = new EventEmitter();
    device.calls.push(ongoing);
    const { taken } = openSource(voiceSource(device));

    ongoing.emit('disconnect');

    expect(taken()).toEqual([{ kind: 'voice', event: 'disconnect' }]);
  });

  it('a call announced twice is followed once', () => {
    const device = new FakeDevice();
    const { taken } = openSource(voiceSource(device));
    const call = device.ring();

    device.emit('incoming', call);
    call.emit('reconnected');

    expect(call.listenerCount('reconnected')).toBe(1);
    expect(taken()).toEqual([{ kind: 'voice', event: 'reconnected' }]);
  });

  it('after close(), no listener is left on the Device or on any call', () => {
    const device = new FakeDevice();
    const before = new EventEmitter();
    device.calls.push(before);
    const { channel, taken } = openSource(voiceSource(device));
    const live = device.ring();
    const ended = device.ring();
    ended.emit('disconnect');
    taken();

    channel.close();

    expect(device.listenerCount('incoming')).toBe(0);
    for (const call of [before, live, ended]) expect(listenerCounts(call, CALL_EVENTS)).toEqual(noListeners);
    live.emit('reconnecting');
    expect(taken()).toEqual([]);
  });
});

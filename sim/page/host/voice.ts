import { Emitter } from './emitter';

/** A Voice SDK `Call`: the agent's WebRTC leg of one conference (`parameters.CallSid`). */
export class VoiceCall extends Emitter {
  readonly parameters: { CallSid: string };

  constructor(
    readonly reservationSid: string,
    callSid: string,
  ) {
    super();
    this.parameters = { CallSid: callSid };
  }
}

/**
 * The Voice SDK `Device` of the page (`manager.voiceClient`). The SDK lives in the browser, so
 * this is the page's own object: Node tells it when a leg connects and how it ends.
 */
export class VoiceDevice extends Emitter {
  calls: VoiceCall[] = [];

  connect(reservationSid: string, callSid: string): void {
    const call = new VoiceCall(reservationSid, callSid);
    this.calls.push(call);
    this.emit('incoming', call);
  }

  drop(reservationSid: string, failure?: { code: number }): void {
    const call = this.calls.find((c) => c.reservationSid === reservationSid);
    if (!call) return;
    if (failure) call.emit('error', { code: failure.code, message: 'ConnectionError' });
    call.emit('disconnect', call);
    call.removeAllListeners();
    this.calls = this.calls.filter((c) => c !== call);
  }
}

import type { EventSource, VoiceEvent } from '../../sagas/events';
import { listen, type Emitter } from './emitter';

/** Voice SDK 2.x `Call`: `parameters.CallSid` is the sid of the agent's leg. */
export interface SdkCall extends Emitter {
  parameters?: Record<string, unknown>;
}

/** Voice SDK 2.x `Device` as Flex exposes it (`manager.voiceClient`). */
export interface SdkDevice extends Emitter {
  calls?: SdkCall[];
}

/**
 * The agent's voice legs: each call Flex answers on the Device, until it disconnects. A Voice SDK
 * `error` followed by `disconnect` is how a dropped network looks from the browser.
 */
export function voiceSource(device: SdkDevice): EventSource<VoiceEvent> {
  return {
    name: 'voice',
    subscribe(emit) {
      const removers = new Map<SdkCall, () => void>();
      const follow = (call: SdkCall) => {
        if (removers.has(call)) return;
        const sid = () => {
          const value = call.parameters?.CallSid;
          return typeof value === 'string' && value ? { callSid: value } : {};
        };
        removers.set(
          call,
          listen(call, {
            error: (error: { code?: unknown }) =>
              emit({ kind: 'voice', event: 'error', code: typeof error?.code === 'number' ? error.code : undefined, ...sid() }),
            reconnecting: () => emit({ kind: 'voice', event: 'reconnecting', ...sid() }),
            reconnected: () => emit({ kind: 'voice', event: 'reconnected', ...sid() }),
            disconnect: () => {
              emit({ kind: 'voice', event: 'disconnect', ...sid() });
              removers.get(call)?.();
              removers.delete(call);
            },
          }),
        );
      };
      for (const call of device.calls ?? []) follow(call);
      const stopDevice = listen(device, { incoming: follow });
      return () => {
        stopDevice();
        for (const remove of removers.values()) remove();
        removers.clear();
      };
    },
  };
}

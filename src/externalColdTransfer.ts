import type { Logger } from '../sagas/services';
import type { ActionsLike } from './sources/flexActions';

export interface ActionsRegistry extends ActionsLike {
  registerAction(name: string, action: (payload: any) => Promise<unknown>): void; // any: Flex's action payloads are untyped
  invokeAction(name: string, payload: object): Promise<unknown>;
  /** Flex keeps its registered actions in a Map; not in the public types, so read defensively. */
  actions?: { has(name: string): boolean };
}

/** Payload flag that marks the warm transfer inside our cold one, so the rules see it as COLD. */
export const COLD_TRANSFER_FLAG = 'hangUpByColdTransfer';

/**
 * Flex has no native external cold transfer. Where the contact center has none of its own under
 * this name, register one made of native actions: dial the number (StartExternalWarmTransfer),
 * then leave the call (HangupCall) so the customer stays with the outside party. A contact
 * center's own action is never replaced: when Flex cannot tell us whether one exists, we do not
 * register.
 */
export function registerExternalColdTransfer(actions: ActionsRegistry, name: string, log: Logger): boolean {
  const registry = actions.actions;
  if (!registry || typeof registry.has !== 'function' || registry.has(name)) return false;
  actions.registerAction(name, async (payload: any) => { // any: Flex's action payloads are untyped
    const phoneNumber = payload?.phoneNumber ?? payload?.to;
    if (typeof phoneNumber !== 'string' || phoneNumber.length === 0) {
      throw new Error(`${name} needs a phoneNumber`);
    }
    const target = { sid: payload?.sid, task: payload?.task };
    await actions.invokeAction('StartExternalWarmTransfer', {
      ...target,
      phoneNumber,
      callerId: payload?.callerId,
      [COLD_TRANSFER_FLAG]: true,
    });
    await actions.invokeAction('HangupCall', target);
  });
  log.info(`[hang-up-by] registered ${name} (external cold transfer: dial, then leave the call)`);
  return true;
}

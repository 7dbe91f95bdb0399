import type { SimReservation } from './taskrouter';
import type { World } from './world';

/**
 * An offer the agent turns down (Flex's RejectTask, or TaskRouter's timeout): a WARM consult
 * simply does not happen; the customer of a COLD transfer waits for the next offer.
 */
export function declineOffer(world: World, reservation: SimReservation, how: 'rejected' | 'timeout'): void {
  const { agent, call } = world.agentOf(reservation.sid);
  world.transition(reservation, how);
  if (call.transfer?.to === agent && call.transfer.mode === 'WARM') call.transfer = null;
}

/**
 * What Twilio does when Flex invokes a voice action, done on the simulated contact center. The
 * payloads are Flex's (`{ sid, task }` and options); the acting agent is the one whose browser
 * invoked it.
 */
export function createActionHandler(world: World) {
  return async (name: string, payload: any): Promise<void> => {
    const reservationSid: string | undefined = payload?.task?.sid ?? payload?.sid;
    switch (name) {
      case 'AcceptTask': {
        const { agent, call, reservation } = world.agentOf(reservationSid!);
        world.transition(reservation, 'accepted');
        world.join(call, { type: 'worker', agent, workerSid: reservation.workerSid, reservationSid: reservation.sid });
        // A COLD transfer is done once the new agent is on; a WARM one when its sender leaves.
        if (call.transfer?.mode === 'COLD' && call.transfer.to === agent) call.transfer = null;
        if (call.transfer?.to === agent) call.transfer.reservationSid = reservation.sid;
        return;
      }
      case 'RejectTask': {
        const { reservation } = world.agentOf(reservationSid!);
        if (reservation.status !== 'pending') throw new Error(`reservation ${reservation.sid} is ${reservation.status}, not pending`);
        declineOffer(world, reservation, 'rejected');
        return;
      }
      case 'HangupCall': {
        const { call } = world.agentOf(reservationSid!);
        world.leave(call, (p) => p.reservationSid === reservationSid);
        if (call.transfer?.mode === 'WARM' && call.transfer.reservationSid) call.transfer = null;
        return;
      }
      case 'KickParticipant': {
        const { call } = world.agentOf(reservationSid!);
        world.leave(call, (p) => p.callSid === payload.targetSid);
        return;
      }
      case 'EndConferenceForAll': {
        const { call } = world.agentOf(reservationSid!);
        world.endConference(call);
        return;
      }
      case 'TransferTask': {
        const { agent, call } = world.agentOf(reservationSid!);
        const to = String(payload.targetSid).replace(/^WK/, '');
        const mode = payload?.options?.mode === 'WARM' ? 'WARM' : 'COLD';
        call.transfer = { mode, from: agent, to };
        world.offer(call.id, to, { mode, from: agent });
        // Guess: Flex takes the agent off the call inside a COLD TransferTask, before it resolves
        // (so before any after-listener runs); the customer waits for the transferee.
        if (mode === 'COLD') world.leave(call, (p) => p.reservationSid === reservationSid);
        return;
      }
      case 'CancelTransfer': {
        const { call } = world.agentOf(reservationSid!);
        const transfer = call.transfer;
        if (!transfer) return;
        call.transfer = null;
        // Guess: cancelling takes the pending offer back, and a transferee already on the call
        // is removed from it, as Flex's cancel button does.
        for (const r of world.allReservations()) {
          if (r.call !== call.id || r.agent !== transfer.to) continue;
          if (r.reservation.status === 'pending') world.transition(r.reservation, 'canceled');
          if (r.reservation.status === 'accepted') world.leave(call, (p) => p.reservationSid === r.reservation.sid);
        }
        return;
      }
      case 'StartExternalWarmTransfer': {
        const { call } = world.agentOf(reservationSid!);
        world.join(call, { type: 'external', phoneNumber: String(payload.phoneNumber), connecting: true });
        return;
      }
      case 'StartOutboundCall': {
        const agent = world.actor;
        if (!agent) throw new Error('StartOutboundCall without an acting agent');
        const callId = world.dialing;
        if (!callId) throw new Error('StartOutboundCall without a call to place');
        const to = String(payload.destination);
        const call = world.createCall(
          callId,
          { direction: 'outbound', outbound_to: to },
          { phoneNumber: to, connecting: true },
        );
        // Flex creates the outbound task and its reservation, which the agent accepts at once.
        const reservation = world.offer(call.id, agent);
        world.transition(reservation, 'accepted');
        world.join(call, { type: 'worker', agent, workerSid: reservation.workerSid, reservationSid: reservation.sid });
        return;
      }
      case 'WrapupTask': {
        const { reservation } = world.agentOf(reservationSid!);
        if (reservation.status === 'accepted') world.transition(reservation, 'wrapping');
        return;
      }
      case 'CompleteTask': {
        const { reservation } = world.agentOf(reservationSid!);
        world.completeReservation(reservation);
        return;
      }
      default:
        throw new Error(`the simulator does not carry out ${name}`);
    }
  };
}

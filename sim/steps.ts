import { declineOffer } from './actions';
import type { Step } from './scenario';
import type { World } from './world';

const str = (step: Step, field: string): string => String(step[field]);

/** The agent acts in their own Flex tab (a closed tab is an error that names the agent). */
function invoke(world: World, agent: string, name: string, payload: object): Promise<unknown> {
  world.actor = agent;
  return world.browser(agent).invoke(name, payload);
}

function liveOf(world: World, step: Step) {
  return world.reservationOf(str(step, 'agent'), ['accepted'], step.call as string | undefined);
}

/** Carries out one scenario step. Returns the promise of what the step set going. */
export async function runStep(world: World, step: Step): Promise<void> {
  switch (step.do) {
    case 'incomingCall': {
      const from = step.from === undefined ? undefined : str(step, 'from');
      world.createCall(str(step, 'call'), { direction: 'inbound', ...(from ? { from } : {}) }, from ? { phoneNumber: from } : {});
      return;
    }
    case 'offer':
      world.offer(str(step, 'call'), str(step, 'agent'));
      return;
    case 'accept': {
      const { call, reservation } = world.reservationOf(str(step, 'agent'), ['pending'], step.call as string | undefined);
      await invoke(world, str(step, 'agent'), 'AcceptTask', world.taskPayload(reservation, call));
      return;
    }
    case 'reject':
    case 'timeout': {
      const { reservation } = world.reservationOf(str(step, 'agent'), ['pending'], step.call as string | undefined);
      declineOffer(world, reservation, step.do === 'reject' ? 'rejected' : 'timeout');
      return;
    }
    case 'outboundCall':
      world.dialing = str(step, 'call');
      await invoke(world, str(step, 'agent'), 'StartOutboundCall', { destination: str(step, 'to') });
      world.dialing = null;
      return;
    case 'customerAnswers': {
      const call = world.call(str(step, 'call'));
      for (const party of call.parties) if (party.type === 'customer') party.connecting = false;
      world.publish(call);
      return;
    }
    case 'customerNoAnswer':
    case 'customerHangup': {
      const call = world.call(str(step, 'call'));
      world.leave(call, (p) => p.type === 'customer', undefined, step.do === 'customerNoAnswer');
      return;
    }
    case 'hangup': {
      const { call, reservation } = liveOf(world, step);
      await invoke(world, str(step, 'agent'), 'HangupCall', world.taskPayload(reservation, call));
      return;
    }
    case 'kickCustomer': {
      const { call, reservation } = liveOf(world, step);
      const customer = call.parties.find((p) => p.type === 'customer' && p.status === 'joined');
      if (!customer) throw new Error(`no customer on ${call.id} to kick`);
      await invoke(world, str(step, 'agent'), 'KickParticipant', { ...world.taskPayload(reservation, call), targetSid: customer.callSid });
      return;
    }
    case 'endConferenceForAll': {
      const { call, reservation } = liveOf(world, step);
      await invoke(world, str(step, 'agent'), 'EndConferenceForAll', world.taskPayload(reservation, call));
      return;
    }
    case 'transfer': {
      const { call, reservation } = liveOf(world, step);
      world.browser(str(step, 'to'));
      await invoke(world, str(step, 'agent'), 'TransferTask', {
        ...world.taskPayload(reservation, call),
        targetSid: `WK${str(step, 'to')}`,
        options: { mode: str(step, 'mode') },
      });
      return;
    }
    case 'cancelTransfer': {
      const { call, reservation } = liveOf(world, step);
      await invoke(world, str(step, 'agent'), 'CancelTransfer', world.taskPayload(reservation, call));
      return;
    }
    case 'externalTransfer': {
      const { call, reservation } = liveOf(world, step);
      const warm = str(step, 'mode') === 'WARM';
      const config = (world.options.config ?? {}) as { externalColdTransferAction?: string };
      const name = warm ? 'StartExternalWarmTransfer' : config.externalColdTransferAction ?? 'StartExternalColdTransfer';
      await invoke(world, str(step, 'agent'), name, { ...world.taskPayload(reservation, call), phoneNumber: str(step, 'to') });
      return;
    }
    case 'externalJoins':
    case 'externalLeaves': {
      const call = world.call(str(step, 'call'));
      const external = call.parties.find((p) => p.type === 'external' && p.status === 'joined');
      if (!external) throw new Error(`no outside party on ${call.id}`);
      if (step.do === 'externalJoins') {
        external.connecting = false;
        world.publish(call);
      } else {
        world.leave(call, (p) => p === external);
      }
      return;
    }
    case 'reload': {
      const agent = str(step, 'agent');
      const tab = world.browser(agent);
      if (!tab.isOpen) throw new Error(`${agent}'s Flex tab is closed: nothing to reload`);
      await tab.reload(() => {
        // The page's WebRTC legs die with it: the agent leaves every call it was on.
        world.agentPageGone(agent);
        return world.heldBy(agent);
      });
      for (const call of world.calls.values()) world.publish(call);
      return;
    }
    case 'closeTab': {
      const agent = str(step, 'agent');
      const tab = world.browser(agent);
      if (!tab.isOpen) throw new Error(`${agent}'s Flex tab is closed already`);
      await tab.close();
      world.agentPageGone(agent);
      return;
    }
    case 'openTab': {
      const agent = str(step, 'agent');
      const tab = world.browser(agent);
      if (tab.isOpen) throw new Error(`${agent}'s Flex tab is open already`);
      await tab.open(world.heldBy(agent));
      for (const call of world.calls.values()) world.publish(call);
      return;
    }
    case 'networkDrop': {
      const { call, reservation } = liveOf(world, step);
      // Voice SDK: the leg errors (31005, connection lost), then disconnects; Twilio sees it leave.
      world.leave(call, (p) => p.reservationSid === reservation.sid, { code: 31005 });
      return;
    }
    case 'connectionLost':
    case 'connectionRestored': {
      // Flex's own connection to Twilio (manager.events "connectionStateChanged").
      const tab = world.browser(str(step, 'agent'));
      if (!tab.isOpen) throw new Error(`${tab.agent}'s Flex tab is closed`);
      tab.managerEvent('connectionStateChanged', step.do === 'connectionLost' ? 'notConnected' : 'connected');
      return;
    }
    case 'wrapup': {
      const { call, reservation } = world.reservationOf(str(step, 'agent'), ['accepted'], step.call as string | undefined);
      await invoke(world, str(step, 'agent'), 'WrapupTask', world.taskPayload(reservation, call));
      return;
    }
    case 'complete': {
      const { call, reservation } = world.reservationOf(str(step, 'agent'), ['wrapping', 'accepted'], step.call as string | undefined);
      await invoke(world, str(step, 'agent'), 'CompleteTask', world.taskPayload(reservation, call));
      return;
    }
    case 'autoComplete': {
      const { reservation } = world.reservationOf(str(step, 'agent'), ['wrapping', 'accepted'], step.call as string | undefined);
      world.completeReservation(reservation);
      return;
    }
    case 'fault':
      world.fault(str(step, 'kind') as '429', Number(step.times), step.retryAfterMs === undefined ? undefined : Number(step.retryAfterMs));
      return;
    case 'foreignWrite':
      world.server.foreignWrite(world.call(str(step, 'call')).taskSid, step.attributes as Record<string, unknown>);
      return;
    case 'wait':
      return; // time is moved by the runner
    default:
      throw new Error(`unknown step "${step.do}"`);
  }
}

import type { EventSource, ReservationEvent, ReservationEventName, ReservationFacts } from '../../sagas/events';
import { parseAttributes } from '../../sagas/mergeAttributes';
import { listen, type Emitter } from './emitter';

/** The parts of TaskRouter SDK objects read here (twilio-taskrouter 2.x). */
export interface SdkReservation extends Emitter {
  sid: string;
  status: string;
  task?: {
    sid: string;
    taskChannelUniqueName?: unknown;
    attributes?: unknown;
    transfers?: { incoming?: { mode?: string; workerSid?: string } | null } | null;
  };
}

export interface SdkWorker extends Emitter {
  sid: string;
  reservations: Map<string, SdkReservation>;
}

export function reservationFacts(reservation: SdkReservation): ReservationFacts {
  const task = reservation.task;
  const channel = task?.taskChannelUniqueName;
  const incoming = task?.transfers?.incoming;
  const mode = incoming?.mode === 'WARM' || incoming?.mode === 'COLD' ? incoming.mode : null;
  return {
    reservationSid: reservation.sid,
    taskSid: task?.sid ?? '',
    taskChannel: typeof channel === 'string' ? channel : null,
    status: reservation.status,
    // Flex marks the tasks of outbound calls with `direction: "outbound"`.
    direction: parseAttributes(task?.attributes)?.direction === 'outbound' ? 'outbound' : 'inbound',
    incomingTransfer: mode && incoming?.workerSid ? { mode, fromWorkerSid: incoming.workerSid } : null,
  };
}

const LIFECYCLE: ReservationEventName[] = ['accepted', 'wrapup', 'completed', 'canceled', 'rejected', 'rescinded', 'timeout'];
const FINAL = new Set<ReservationEventName>(['completed', 'canceled', 'rejected', 'rescinded', 'timeout']);

/**
 * The worker's reservations: the ones it holds at start-up (`existing`), then each new one and
 * every step of its lifecycle. A reservation's listeners are removed when it ends or on close.
 */
export function reservationSource(worker: SdkWorker): EventSource<ReservationEvent> {
  return {
    name: 'reservations',
    subscribe(emit) {
      const removers = new Map<string, () => void>();
      const follow = (reservation: SdkReservation) => {
        if (removers.has(reservation.sid)) return;
        const handlers: Record<string, () => void> = {};
        for (const event of LIFECYCLE) {
          handlers[event] = () => {
            emit({ kind: 'reservation', event, reservation: reservationFacts(reservation) });
            if (FINAL.has(event)) {
              removers.get(reservation.sid)?.();
              removers.delete(reservation.sid);
            }
          };
        }
        removers.set(reservation.sid, listen(reservation, handlers));
      };
      for (const reservation of worker.reservations.values()) {
        follow(reservation);
        emit({ kind: 'reservation', event: 'existing', reservation: reservationFacts(reservation) });
      }
      const stopWorker = listen(worker, {
        reservationCreated: (reservation: SdkReservation) => {
          follow(reservation);
          emit({ kind: 'reservation', event: 'created', reservation: reservationFacts(reservation) });
        },
      });
      return () => {
        stopWorker();
        for (const remove of removers.values()) remove();
        removers.clear();
      };
    },
  };
}

import type { EventSource, ReservationEvent, ReservationEventName, ReservationFacts, TaskEvent } from '../../sagas/events';
import { parseAttributes } from '../../sagas/mergeAttributes';
import { listen, type Emitter } from './emitter';

/** The parts of TaskRouter SDK objects read here (twilio-taskrouter 2.x). */
export interface SdkReservation extends Emitter {
  sid: string;
  status: string;
  task?: Partial<Emitter> & {
    sid: string;
    taskChannelUniqueName?: unknown;
    attributes?: unknown;
    version?: unknown;
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

/**
 * The task's value after a TaskRouter `task.updated` event: the SDK updates the task object
 * (attributes, version), then emits `updated` on it. Null when the attributes cannot be read.
 */
export function taskUpdate(task: NonNullable<SdkReservation['task']>): TaskEvent | null {
  const attributes = parseAttributes(task.attributes);
  const conversations = attributes?.conversations;
  if (!attributes || task.version === undefined || task.version === null || typeof conversations === 'string') return null;
  const values = typeof conversations === 'object' && conversations !== null ? (conversations as Record<string, unknown>) : {};
  const event: TaskEvent = {
    kind: 'task',
    event: 'updated',
    taskSid: task.sid,
    version: String(task.version),
    hangUpBy: typeof values.hang_up_by === 'string' ? values.hang_up_by : null,
  };
  if (typeof values.destination === 'string') event.destination = values.destination;
  return event;
}

const LIFECYCLE: ReservationEventName[] = ['accepted', 'wrapup', 'completed', 'canceled', 'rejected', 'rescinded', 'timeout'];
const FINAL = new Set<ReservationEventName>(['completed', 'canceled', 'rejected', 'rescinded', 'timeout']);

/**
 * The worker's reservations: the ones it holds at start-up (`existing`, with their task's current
 * value), then each new one and every step of its lifecycle, and the updates of each one's task. A reservation's listeners
 * (and its task's) are removed when it ends or on close.
 */
export function reservationSource(worker: SdkWorker): EventSource<ReservationEvent | TaskEvent> {
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
        const stopReservation = listen(reservation, handlers);
        const task = reservation.task;
        const stopTask =
          task && typeof task.on === 'function' && typeof task.removeListener === 'function'
            ? listen(task as Emitter, {
                updated: () => {
                  const update = taskUpdate(task);
                  if (update) emit(update);
                },
              })
            : () => undefined;
        removers.set(reservation.sid, () => {
          stopReservation();
          stopTask();
        });
      };
      for (const reservation of worker.reservations.values()) {
        follow(reservation);
        emit({ kind: 'reservation', event: 'existing', reservation: reservationFacts(reservation) });
        // After a reload: the task as it is now (another reservation may have written while the
        // page was away, and no `updated` event will tell this page about it).
        const current = reservation.task ? taskUpdate(reservation.task) : null;
        if (current) emit(current);
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

import { EventEmitter } from 'events';
import type { ReservationEvent } from '../../sagas/events';
import { reservationSource } from '../../src/sources/reservations';
import { openSource } from '../support/channels';
import {
  FakeTaskRouter,
  FakeWorker,
  listenerCounts,
  makeReservation,
  ManualClock,
  RESERVATION_EVENTS,
  type ReservationSpec,
} from '../support/fakes';

const router = new FakeTaskRouter(new ManualClock());
const noListeners = Object.fromEntries(RESERVATION_EVENTS.map((event) => [event, 0]));

/** `all()`: every event since the last call; `taken()`: only the reservation events among them. */
function open(worker: FakeWorker) {
  const source = openSource(reservationSource(worker));
  return {
    channel: source.channel,
    all: source.taken,
    taken: (): ReservationEvent[] => source.taken().filter((e): e is ReservationEvent => e.kind === 'reservation'),
  };
}

/** A TaskRouter SDK `Task` as twilio-taskrouter has it: on `task.updated` it updates itself, then emits `updated`. */
class UpdatingTask extends EventEmitter {
  taskChannelUniqueName = 'voice';
  constructor(
    readonly sid: string,
    public attributes: unknown,
    public version: unknown = '0',
  ) {
    super();
  }
  receive(attributes: unknown, version: unknown): void {
    this.attributes = attributes;
    this.version = version;
    this.emit('updated', this, {});
  }
}

describe('reservationSource', () => {
  it('emits the reservations the worker holds at start-up as existing, with their status', () => {
    const worker = new FakeWorker();
    const held = makeReservation(router, { sid: 'WRheld', taskSid: 'WTheld', status: 'wrapping' });
    worker.reservations.set(held.sid, held);

    const { taken } = open(worker);

    expect(taken()).toEqual([
      {
        kind: 'reservation',
        event: 'existing',
        reservation: {
          reservationSid: 'WRheld',
          taskSid: 'WTheld',
          taskChannel: 'voice',
          status: 'wrapping',
          direction: 'inbound',
          incomingTransfer: null,
        },
      },
    ]);
    expect(held.listenerCount('completed')).toBe(1); // and follows it from there
  });

  it('follows a created reservation through accepted, wrapup and completed, then stops listening to it', () => {
    const worker = new FakeWorker();
    const { taken } = open(worker);
    const reservation = makeReservation(router, { sid: 'WRnew' });

    worker.emit('reservationCreated', reservation);
    reservation.moveTo('accepted');
    reservation.moveTo('wrapping');
    reservation.moveTo('completed');

    expect(taken().map((e) => [e.event, e.reservation.reservationSid, e.reservation.status])).toEqual([
      ['created', 'WRnew', 'pending'],
      ['accepted', 'WRnew', 'accepted'],
      ['wrapup', 'WRnew', 'wrapping'],
      ['completed', 'WRnew', 'completed'],
    ]);
    expect(listenerCounts(reservation, RESERVATION_EVENTS)).toEqual(noListeners);
  });

  it.each(['canceled', 'rejected', 'rescinded', 'timeout'] as const)('a %s reservation is reported, then no longer listened to', (end) => {
    const worker = new FakeWorker();
    const { taken } = open(worker);
    const reservation = makeReservation(router);

    worker.emit('reservationCreated', reservation);
    reservation.moveTo(end);

    expect(taken().map((e) => e.event)).toEqual(['created', end]);
    expect(listenerCounts(reservation, RESERVATION_EVENTS)).toEqual(noListeners);
  });

  it.each<[string, ReservationSpec, (reservation: ReturnType<typeof makeReservation>) => void, object]>([
    ['outbound from the task attributes', { attributes: { direction: 'outbound' } }, () => undefined, { direction: 'outbound' }],
    ['outbound from attributes given as a JSON string', {}, (r) => (r.task.attributes = '{"direction":"outbound"}'), { direction: 'outbound' }],
    ['inbound when the attributes are not JSON', {}, (r) => (r.task.attributes = 'not json'), { direction: 'inbound' }],
    [
      'an incoming WARM transfer with the transferring worker',
      { transfers: { incoming: { mode: 'WARM', workerSid: 'WKfrom' } } },
      () => undefined,
      { incomingTransfer: { mode: 'WARM', fromWorkerSid: 'WKfrom' } },
    ],
    ['an incoming COLD transfer', { transfers: { incoming: { mode: 'COLD', workerSid: 'WKfrom' } } }, () => undefined, { incomingTransfer: { mode: 'COLD', fromWorkerSid: 'WKfrom' } }],
    ['no incoming transfer without the transferring worker', { transfers: { incoming: { mode: 'WARM' } } }, () => undefined, { incomingTransfer: null }],
    ['no incoming transfer with an unknown mode', { transfers: { incoming: { mode: 'CONSULT', workerSid: 'WKfrom' } } }, () => undefined, { incomingTransfer: null }],
    ['channel null when the task channel is not a string', { channel: undefined }, () => undefined, { taskChannel: null }],
    ['channel null when the task channel is an object', { channel: { uniqueName: 'voice' } }, () => undefined, { taskChannel: null }],
    ['the channel name as TaskRouter gives it', { channel: 'chat' }, () => undefined, { taskChannel: 'chat' }],
  ])('accepted facts: %s', (_, spec, tweak, facts) => {
    const worker = new FakeWorker();
    const { taken } = open(worker);
    const reservation = makeReservation(router, spec);
    tweak(reservation);

    worker.offerAndAccept(reservation);

    const accepted = taken().find((e) => e.event === 'accepted');
    expect(accepted?.reservation).toMatchObject(facts);
  });

  it('a reservation both held at start-up and announced again is followed once', () => {
    const worker = new FakeWorker();
    const reservation = makeReservation(router, { status: 'accepted' });
    worker.reservations.set(reservation.sid, reservation);
    const { taken } = open(worker);

    worker.emit('reservationCreated', reservation);
    reservation.moveTo('wrapping');

    expect(reservation.listenerCount('wrapup')).toBe(1);
    expect(taken().map((e) => e.event)).toEqual(['existing', 'created', 'wrapup']);
  });

  it('after close(), no listener is left on the worker or on any reservation, held or created', () => {
    const worker = new FakeWorker();
    const held = makeReservation(router, { status: 'accepted' });
    worker.reservations.set(held.sid, held);
    const { channel, taken } = open(worker);
    const created = makeReservation(router);
    worker.offerAndAccept(created);
    expect(created.listenerCount('wrapup')).toBe(1);
    taken();

    channel.close();

    expect(worker.listenerCount('reservationCreated')).toBe(0);
    expect(listenerCounts(held, RESERVATION_EVENTS)).toEqual(noListeners);
    expect(listenerCounts(created, RESERVATION_EVENTS)).toEqual(noListeners);
    created.moveTo('wrapping');
    expect(taken()).toEqual([]);
  });

  describe("a reservation's task updates (TaskRouter `task.updated`)", () => {
    function withUpdatingTask() {
      const worker = new FakeWorker();
      const { all } = open(worker);
      const reservation = makeReservation(router);
      const task = new UpdatingTask('WTupd', { conversations: { hang_up_by: 'Customer' } });
      reservation.task = task as unknown as typeof reservation.task;
      worker.offerAndAccept(reservation);
      all();
      return { reservation, task, all };
    }

    it('carry the version and only the two keys the plugin writes, nothing else of the attributes', () => {
      const { task, all } = withUpdatingTask();
      task.receive({ from: '+15550001111', conversations: { hang_up_by: 'Consult', destination: '+15550199', crm: 'x' } }, '4');
      task.receive('{"conversations":{}}', 5);
      expect(all()).toEqual([
        { kind: 'task', event: 'updated', taskSid: 'WTupd', version: '4', hangUpBy: 'Consult', destination: '+15550199' },
        { kind: 'task', event: 'updated', taskSid: 'WTupd', version: '5', hangUpBy: null },
      ]);
    });

    it.each<[string, unknown, unknown]>([
      ['attributes that are not JSON', 'not json', '3'],
      ['conversations that is a string', { conversations: 'Customer' }, '3'],
      ['no version', { conversations: {} }, undefined],
    ])('are skipped when they carry %s', (_name, attributes, version) => {
      const { task, all } = withUpdatingTask();
      task.receive(attributes, version);
      expect(all()).toEqual([]);
    });

    it('of a reservation held at start-up (after a reload): its current value comes first, then each update', () => {
      const worker = new FakeWorker();
      const reservation = makeReservation(router, { status: 'wrapping' });
      const task = new UpdatingTask('WTheld', { conversations: { hang_up_by: 'Agent' } }, '6');
      reservation.task = task as unknown as typeof reservation.task;
      worker.reservations.set(reservation.sid, reservation);
      const { all } = open(worker);
      task.receive({ conversations: { hang_up_by: 'Customer' } }, '7');
      expect(all().filter((e) => e.kind === 'task')).toEqual([
        { kind: 'task', event: 'updated', taskSid: 'WTheld', version: '6', hangUpBy: 'Agent' },
        { kind: 'task', event: 'updated', taskSid: 'WTheld', version: '7', hangUpBy: 'Customer' },
      ]);
    });

    it('are no longer listened to once the reservation ends', () => {
      const { reservation, task } = withUpdatingTask();
      expect(task.listenerCount('updated')).toBe(1);
      reservation.moveTo('completed');
      expect(task.listenerCount('updated')).toBe(0);
    });
  });
});

import type { SimReservation } from './taskrouter';

/** A Voice SDK failure on the agent's leg (Twilio's error code, e.g. 31005 connection lost). */
export interface LegFailure {
  code: number;
}

/**
 * One agent's Flex tab, as the contact center and the scenario steps reach it. Two engines
 * implement it: the in-process one (sim/browser.ts: Flex's Actions in this Node process, the
 * plugin from source) and the browser one (sim/page/pageTab.ts: a Chromium page running the
 * built bundle). World calls these synchronously, at the simulated instant things happen; a tab
 * that cannot act at once (a page) queues in order and delivers before time moves on.
 */
export interface AgentTab {
  readonly agent: string;
  readonly workerSid: string;
  /** The page is up (or loading, with events queued for it): TaskRouter's pushes reach it. */
  readonly isOpen: boolean;
  /** The reservations TaskRouter's `Worker` object of this tab holds. */
  readonly reservations: SimReservation[];

  /** Loads Flex (first time, or `openTab`): its worker starts with the reservations it holds. */
  open(held: SimReservation[]): Promise<void>;
  /** The page goes away for good (`closeTab`): `beforeunload`, then nothing of it runs any more. */
  close(): Promise<void>;
  /**
   * The page reloads: `beforeunload`, the old page gone, then `whileGone` (the agent's live legs
   * drop as TaskRouter sees them), then the new page over the same storage, holding what
   * `whileGone` returns.
   */
  reload(whileGone: () => SimReservation[]): Promise<void>;

  /** TaskRouter gives the worker a reservation (`reservationCreated`). */
  hold(reservation: SimReservation): void;
  /** A final reservation leaves the worker's list. */
  release(reservationSid: string): void;
  /** Flex's conference state for one task (`CONFERENCE_MULTIPLE_UPDATE`), as this worker sees it. */
  showConference(taskSid: string, participants: object[]): void;
  /** The agent's Voice SDK leg of a call connects (`incoming` on the Device). */
  connectCall(reservationSid: string, callSid: string): void;
  /** The agent's leg ends: `error` first when it failed, then `disconnect`. */
  dropCall(reservationSid: string, failure?: LegFailure): void;
  /** An event on Flex's `manager.events` (`connectionStateChanged`, `tokenUpdated`, …). */
  managerEvent(name: string, ...args: unknown[]): void;
  /** The agent invokes a Flex action in this tab. */
  invoke(action: string, payload: object): Promise<unknown>;

  /** Ends whatever the tab runs (end of the scenario). */
  dispose(): Promise<void>;
}

/** Makes the tab of one agent; the engine decides what a tab is. */
export type TabFactory = (agent: string, workerSid: string) => AgentTab;

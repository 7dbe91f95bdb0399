import { validateScenario, type Scenario, type Step } from '../scenario';

/** Turns a scenario file's text into a scenario, or the problems a person can act on. */
export function parseScenario(text: string): { scenario: Scenario } | { problems: string[] } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { problems: [`not JSON: ${error instanceof Error ? error.message : String(error)}`] };
  }
  const problems = validateScenario(value);
  return problems.length > 0 ? { problems } : { scenario: value as Scenario };
}

/** Checks one step as the format defines it (its fields, its mode, its fault kind). */
export function stepProblems(step: unknown): string[] {
  if (typeof step !== 'object' || step === null || typeof (step as Step).do !== 'string') return ['a step is an object with "do"'];
  return validateScenario({ name: 'step', steps: [step], expect: { segments: [] } }).map((p) => p.replace(/^step 1(: | )/, ''));
}

export interface PlayerView {
  name: string | null;
  file: string | null;
  steps: Step[];
  /** The next step to run (steps.length when done). */
  next: number;
  playing: boolean;
  /** Real time (ms since the epoch) until which a `wait` step waits. */
  waitingUntil: number | null;
  error: string | null;
  expect: Scenario['expect'] | null;
}

/**
 * Plays a scenario on the live contact center, one step at a time or to the end. A `wait` waits
 * in real time. A failing step stops the play with its message; the step can be tried again.
 */
export class Player {
  private scenario: Scenario | null = null;
  private file: string | null = null;
  private next = 0;
  private playing = false;
  private busy = false;
  private waitingUntil: number | null = null;
  private error: string | null = null;
  private stopRequested = false;
  /** Bumped by a rewind: a step still running from before it does not move the player on. */
  private generation = 0;

  constructor(private readonly run: (step: Step) => Promise<void>) {}

  load(scenario: Scenario, file: string | null): void {
    this.scenario = scenario;
    this.file = file;
    this.rewind();
  }

  rewind(): void {
    this.generation += 1;
    this.next = 0;
    this.error = null;
    this.waitingUntil = null;
    this.stopRequested = this.playing;
  }

  get loaded(): Scenario | null {
    return this.scenario;
  }

  view(): PlayerView {
    return {
      name: this.scenario?.name ?? null,
      file: this.file,
      steps: this.scenario?.steps ?? [],
      next: this.next,
      playing: this.playing || this.busy,
      waitingUntil: this.waitingUntil,
      error: this.error,
      expect: this.scenario?.expect ?? null,
    };
  }

  /** Runs the next step; false when there is none, it failed, or one is running already. */
  async step(): Promise<boolean> {
    const scenario = this.scenario;
    if (!scenario) throw new Error('no scenario loaded: pick a file or upload one');
    if (this.busy || this.next >= scenario.steps.length) return false;
    const step = scenario.steps[this.next];
    const generation = this.generation;
    this.busy = true;
    this.error = null;
    try {
      if (step.do === 'wait') {
        const ms = Number(step.ms);
        this.waitingUntil = Date.now() + ms;
        await new Promise((resolve) => setTimeout(resolve, ms));
        this.waitingUntil = null;
      } else {
        await this.run(step);
      }
      if (this.generation !== generation) return false;
      this.next += 1;
      return true;
    } catch (error) {
      if (this.generation !== generation) return false;
      this.error = `step ${this.next + 1} (${step.do}): ${error instanceof Error ? error.message : String(error)}`;
      return false;
    } finally {
      this.busy = false;
      this.waitingUntil = null;
    }
  }

  /** Plays every step left, in order, until the end or a failure. */
  async playToEnd(): Promise<void> {
    if (this.playing) return;
    this.playing = true;
    this.stopRequested = false;
    try {
      while (!this.stopRequested && (await this.step()));
    } finally {
      this.playing = false;
    }
  }
}

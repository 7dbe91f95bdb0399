import type { NodeRequest, PageReport } from '../protocol';

/**
 * The page's one way to the contact center: the `hangUpByNode` binding that the engine exposes
 * before the page loads. It counts the calls it started and the answers it got, so that Node can
 * tell a page at rest from one waiting for an answer still on its way.
 */
declare global {
  interface Window {
    hangUpByNode?: (request: NodeRequest) => Promise<unknown>;
  }
}

const counters = { started: 0, answered: 0, invoking: 0 };

export async function askNode<T>(request: NodeRequest): Promise<T> {
  const binding = window.hangUpByNode;
  if (!binding) throw new Error('this page was not opened by the local contact center');
  counters.started += 1;
  try {
    return (await binding(request)) as T;
  } finally {
    counters.answered += 1;
  }
}

/** A few turns of the page's task queue (MessageChannel: Playwright's clock does not hold it). */
export async function settlePage(turns = 3): Promise<void> {
  for (let i = 0; i < turns; i++) {
    await new Promise<void>((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        resolve();
      };
      channel.port2.postMessage(null);
    });
  }
}

/** Runs a Flex action that Node asked for, counted until it ends. */
export async function invoking<T>(run: () => Promise<T>): Promise<T> {
  counters.invoking += 1;
  try {
    return await run();
  } finally {
    counters.invoking -= 1;
  }
}

export function report(next: number | null): PageReport {
  return { now: Date.now(), next, started: counters.started, answered: counters.answered, invoking: counters.invoking };
}

/** Node-style emitters as the TaskRouter and Voice SDKs and Flex's manager.events are. */
export interface Emitter {
  on(event: string, listener: (...args: any[]) => void): unknown; // any: emitters pass SDK-specific arguments
  removeListener(event: string, listener: (...args: any[]) => void): unknown; // any: emitters pass SDK-specific arguments
}

type Handlers = Record<string, (...args: any[]) => void>; // any: emitters pass SDK-specific arguments

/** Registers named handlers on an emitter and returns the function that removes each of them. */
export function listen(emitter: Emitter, handlers: Handlers): () => void {
  for (const [event, handler] of Object.entries(handlers)) emitter.on(event, handler);
  return () => {
    for (const [event, handler] of Object.entries(handlers)) emitter.removeListener(event, handler);
  };
}

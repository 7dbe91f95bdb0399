import type { Logger } from '../sagas/services';

/** The production logger: the browser console. Every line the plugin writes goes through here. */
export const consoleLogger: Logger = {
  // eslint-disable-next-line no-console
  debug: (message, ...details) => console.debug(message, ...details),
  // eslint-disable-next-line no-console
  info: (message, ...details) => console.info(message, ...details),
  // eslint-disable-next-line no-console
  warn: (message, ...details) => console.warn(message, ...details),
  // eslint-disable-next-line no-console
  error: (message, ...details) => console.error(message, ...details),
};

import { FlexPlugin } from '@twilio/flex-plugin';
import type * as Flex from '@twilio/flex-ui';
import { install, type FlexLike, type ManagerLike } from './install';

const PLUGIN_NAME = 'HangUpByPlugin';

export default class HangUpByPlugin extends FlexPlugin {
  constructor() {
    super(PLUGIN_NAME);
  }

  /**
   * Flex calls this once per page load, after login, with the worker's TaskRouter client ready.
   * Whatever happens here, Flex keeps working: install() logs and gives up rather than throw.
   */
  async init(flex: typeof Flex, manager: Flex.Manager): Promise<void> {
    try {
      install(flex as unknown as FlexLike, manager as unknown as ManagerLike);
    } catch (error) {
      // eslint-disable-next-line no-console
      console.error('[hang-up-by] not started', error);
    }
  }
}

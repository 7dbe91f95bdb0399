import * as FlexPlugin from '@twilio/flex-plugin';
import HangUpByPlugin from './HangUpByPlugin';

FlexPlugin.loadPlugin(HangUpByPlugin);

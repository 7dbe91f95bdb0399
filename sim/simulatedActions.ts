/**
 * The Twilio-bound Flex actions that the local contact center carries out (the external cold
 * transfer one is a customer's own, or the plugin's). Both engines replace exactly these.
 */
export const SIMULATED_ACTIONS = [
  'AcceptTask',
  'RejectTask',
  'HangupCall',
  'KickParticipant',
  'EndConferenceForAll',
  'TransferTask',
  'CancelTransfer',
  'StartExternalWarmTransfer',
  'StartOutboundCall',
  'WrapupTask',
  'CompleteTask',
];

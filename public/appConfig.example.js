// Local Flex configuration for `twilio flex:plugins:start`. Copy to appConfig.js (not committed).
// In a deployed Flex, put the same `hangUpBy` object in the Flex UI configuration's
// `ui_attributes` (Flex Configuration API); it reaches the plugin the same way.
var appConfig = {
  pluginService: {
    enabled: true,
    url: '/plugins',
  },
  logLevel: 'info',
  hangUpBy: {
    enabled: true,
    // "clear": a transferring agent's segment has no hang_up_by (only the last segment of a
    // transferred call carries one). "label": it says "Cold Transfer" or "Warm Transfer".
    transferPolicy: 'clear',
    // How long an agent's Complete may wait for the attribute write, in milliseconds.
    completionBudgetMs: 3000,
    retry: {
      maxAttempts: 8,
      baseDelayMs: 500,
      maxDelayMs: 30000,
      requestTimeoutMs: 10000,
    },
    // Task channels that carry voice calls.
    voiceChannels: ['voice'],
    // Your own external cold transfer action, if you have one; otherwise the plugin registers
    // one under this name (dial the number, then leave the call).
    externalColdTransferAction: 'StartExternalColdTransfer',
  },
};

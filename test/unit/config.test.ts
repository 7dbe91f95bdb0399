import { DEFAULT_CONFIG, readConfig } from '../../src/config';
import { makeLogger } from '../builders/services';

describe('readConfig', () => {
  it.each<[string, unknown]>([
    ['undefined', undefined],
    ['null', null],
    ['an empty object', {}],
  ])('%s → the defaults, without a warning', (_name, raw) => {
    const log = makeLogger();
    expect(readConfig(raw, log)).toEqual(DEFAULT_CONFIG);
    expect(log.entries).toEqual([]);
  });

  it('the defaults are the documented ones', () => {
    expect(DEFAULT_CONFIG).toEqual({
      enabled: true,
      transferPolicy: 'clear',
      completionBudgetMs: 3000,
      retry: { maxAttempts: 8, baseDelayMs: 500, maxDelayMs: 30000, requestTimeoutMs: 10000, tokenWaitMs: 300000 },
      voiceChannels: ['voice'],
      externalColdTransferAction: 'StartExternalColdTransfer',
    });
  });

  it('valid overrides are taken, the rest keep their defaults', () => {
    const log = makeLogger();
    const config = readConfig(
      {
        enabled: false,
        transferPolicy: 'label',
        completionBudgetMs: 0,
        voiceChannels: ['voice', 'voice-outbound'],
        externalColdTransferAction: 'DialOutColdTransfer',
        retry: { maxAttempts: 3.7, baseDelayMs: 200, maxDelayMs: 5000, requestTimeoutMs: 100, tokenWaitMs: 0 },
      },
      log,
    );
    expect(config).toEqual({
      enabled: false,
      transferPolicy: 'label',
      completionBudgetMs: 0,
      voiceChannels: ['voice', 'voice-outbound'],
      externalColdTransferAction: 'DialOutColdTransfer',
      retry: { maxAttempts: 3, baseDelayMs: 200, maxDelayMs: 5000, requestTimeoutMs: 100, tokenWaitMs: 0 },
    });
    expect(log.entries).toEqual([]);
  });

  it('a partial retry object keeps the other retry defaults', () => {
    expect(readConfig({ retry: { maxAttempts: 2 } }, makeLogger()).retry).toEqual({ ...DEFAULT_CONFIG.retry, maxAttempts: 2 });
  });

  it('reading never mutates the defaults', () => {
    const config = readConfig({ retry: { maxAttempts: 2 } }, makeLogger());
    config.retry.baseDelayMs = 1;
    expect(DEFAULT_CONFIG.retry).toEqual({ maxAttempts: 8, baseDelayMs: 500, maxDelayMs: 30000, requestTimeoutMs: 10000, tokenWaitMs: 300000 });
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['enabled', { enabled: 'yes' }, 'enabled'],
    ['transferPolicy', { transferPolicy: 'drop' }, 'transferPolicy'],
    ['completionBudgetMs (negative)', { completionBudgetMs: -1 }, 'completionBudgetMs'],
    ['completionBudgetMs (too long)', { completionBudgetMs: 60_001 }, 'completionBudgetMs'],
    ['completionBudgetMs (a string)', { completionBudgetMs: '3000' }, 'completionBudgetMs'],
    ['completionBudgetMs (NaN)', { completionBudgetMs: NaN }, 'completionBudgetMs'],
    ['voiceChannels (empty)', { voiceChannels: [] }, 'voiceChannels'],
    ['voiceChannels (not strings)', { voiceChannels: ['voice', 3] }, 'voiceChannels'],
    ['voiceChannels (a string)', { voiceChannels: 'voice' }, 'voiceChannels'],
    ['externalColdTransferAction', { externalColdTransferAction: 'Start-Cold' }, 'externalColdTransferAction'],
    ['retry (a string)', { retry: 'fast' }, 'retry'],
    ['retry (an array)', { retry: [] }, 'retry'],
    ['retry.maxAttempts (0)', { retry: { maxAttempts: 0 } }, 'retry.maxAttempts'],
    ['retry.maxAttempts (too many)', { retry: { maxAttempts: 51 } }, 'retry.maxAttempts'],
    ['retry.baseDelayMs', { retry: { baseDelayMs: 0 } }, 'retry.baseDelayMs'],
    ['retry.maxDelayMs', { retry: { maxDelayMs: Infinity } }, 'retry.maxDelayMs'],
    ['retry.requestTimeoutMs', { retry: { requestTimeoutMs: 99 } }, 'retry.requestTimeoutMs'],
    ['retry.tokenWaitMs', { retry: { tokenWaitMs: -5 } }, 'retry.tokenWaitMs'],
  ])('invalid %s → its default, and one warning naming it', (_name, raw, label) => {
    const log = makeLogger();
    const config = readConfig(raw, log);
    expect(config).toEqual(DEFAULT_CONFIG);
    const warnings = log.messages('warn');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(label);
  });

  it('several invalid values: still one warning, naming each; the valid ones are taken', () => {
    const log = makeLogger();
    const config = readConfig({ enabled: 1, transferPolicy: 'label', retry: { maxAttempts: -1, baseDelayMs: 100 } }, log);
    expect(config.enabled).toBe(true);
    expect(config.transferPolicy).toBe('label');
    expect(config.retry).toMatchObject({ maxAttempts: 8, baseDelayMs: 100 });
    expect(log.messages('warn')).toEqual([expect.stringMatching(/enabled=1.*retry\.maxAttempts=-1/)]);
  });

  it('maxDelayMs below baseDelayMs is raised so the cap never undercuts the base, with a warning', () => {
    const log = makeLogger();
    const config = readConfig({ retry: { baseDelayMs: 2000, maxDelayMs: 1000 } }, log);
    expect(config.retry.baseDelayMs).toBe(2000);
    expect(config.retry.maxDelayMs).toBeGreaterThanOrEqual(2000);
    expect(log.messages('warn')).toEqual([expect.stringContaining('retry.maxDelayMs below retry.baseDelayMs')]);
  });

  it.each<[string, unknown]>([
    ['a string', 'on'],
    ['a number', 1],
    ['an array', [{ enabled: false }]],
    ['a boolean', false],
  ])('a configuration that is %s → the defaults, with one warning', (_name, raw) => {
    const log = makeLogger();
    expect(readConfig(raw, log)).toEqual(DEFAULT_CONFIG);
    expect(log.messages('warn')).toEqual([expect.stringContaining('not an object')]);
  });
});

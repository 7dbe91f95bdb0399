import { TaskApiError, type TaskApiFailureKind } from '../../sagas/services';
import { classifyTaskRouterError } from '../../src/taskApi';

// What the TaskRouter SDK (and fetch underneath) throws, turned into the kinds the retry policy knows.

const httpError = (status: number, message = `Request failed with status code ${status}`, headers?: unknown) =>
  Object.assign(new Error(message), { response: { status, headers } });

describe('classifyTaskRouterError', () => {
  it.each<[string, unknown, TaskApiFailureKind, number | undefined]>([
    ['503', httpError(503), 'server', 503],
    ['500 as `status`', Object.assign(new Error('Internal'), { status: 500 }), 'server', 500],
    ['412', httpError(412, 'Precondition failed'), 'conflict', 412],
    ['400', httpError(400, 'Bad request'), 'rejected', 400],
    ['403', httpError(403, 'Forbidden'), 'rejected', 403],
    ['404', httpError(404, 'Not found'), 'rejected', 404],
    ['401', httpError(401, 'Unauthorized'), 'tokenExpired', 401],
    ['a status only in the message', new Error('Request failed with status code 404'), 'rejected', 404],
    ['a status code as a string', Object.assign(new Error('x'), { statusCode: '503' }), 'server', 503],
  ])('HTTP %s → %s', (_name, error, kind, status) => {
    const classified = classifyTaskRouterError(error);
    expect(classified).toBeInstanceOf(TaskApiError);
    expect(classified.kind).toBe(kind);
    expect(classified.status).toBe(status);
  });

  it.each<[string, unknown]>([
    ['a header object', { 'retry-after': '3' }],
    ['a capitalised header', { 'Retry-After': '3' }],
    ['a Headers-like getter', { get: (name: string) => (name === 'retry-after' ? '3' : null) }],
  ])('429 with Retry-After in seconds (%s) → rateLimited, retry after in ms', (_name, headers) => {
    const classified = classifyTaskRouterError(httpError(429, 'Too many requests', headers));
    expect(classified).toMatchObject({ kind: 'rateLimited', status: 429, retryAfterMs: 3000 });
  });

  it('429 with Retry-After as an HTTP date → the ms until then', () => {
    jest.spyOn(Date, 'now').mockReturnValue(Date.parse('2025-01-01T00:00:00Z'));
    try {
      const classified = classifyTaskRouterError(httpError(429, 'Too many', { 'retry-after': 'Wed, 01 Jan 2025 00:00:05 GMT' }));
      expect(classified.retryAfterMs).toBe(5000);
    } finally {
      jest.restoreAllMocks();
    }
  });

  it('429 without Retry-After → rateLimited with no floor', () => {
    expect(classifyTaskRouterError(httpError(429, 'Too many'))).toMatchObject({ kind: 'rateLimited', retryAfterMs: undefined });
  });

  it('503 with Retry-After keeps it', () => {
    expect(classifyTaskRouterError(httpError(503, 'Unavailable', { 'retry-after': '2' }))).toMatchObject({ kind: 'server', retryAfterMs: 2000 });
  });

  it.each<[string, unknown]>([
    ['a fetch TypeError', new TypeError('Failed to fetch')],
    ['a socket error', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })],
    ['a plain string', 'offline'],
    ['a Twilio error code that is not an HTTP status', Object.assign(new Error('Transport unavailable'), { code: 20002 })],
  ])('%s without an HTTP status → network', (_name, error) => {
    expect(classifyTaskRouterError(error).kind).toBe('network');
  });

  it.each(['timeout of 10000ms exceeded', 'Request time out', 'Request timed out', 'connect ETIMEDOUT 1.2.3.4:443'])(
    'a timeout message without a status ("%s") → timeout',
    (message) => {
      expect(classifyTaskRouterError(new Error(message)).kind).toBe('timeout');
    },
  );

  it.each(['Access token expired', 'The token has expired'])('"%s" without a status → tokenExpired', (message) => {
    expect(classifyTaskRouterError(new Error(message)).kind).toBe('tokenExpired');
  });

  it('a TaskApiError passes through as it is', () => {
    const error = new TaskApiError('unavailable', 'gone');
    expect(classifyTaskRouterError(error)).toBe(error);
  });

  it('keeps the original message', () => {
    expect(classifyTaskRouterError(httpError(403, 'Worker may not update this task')).message).toBe('Worker may not update this task');
  });
});

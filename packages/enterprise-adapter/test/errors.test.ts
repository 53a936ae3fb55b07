import { inspect } from 'node:util';
import { Code, ConnectError } from '@connectrpc/connect';
import { PomeriumError, pomeriumErrorCodes } from '@pomerium-unified/core';
import { describe, expect, it } from 'vitest';
import {
  fieldFromMessage,
  grpcCodeToPomeriumCode,
  retryAfterMsFrom,
  toPomeriumError,
  wireStatusOf,
} from '../src/errors.js';

const expected: [Code, string][] = [
  [Code.Canceled, 'deadline_exceeded'],
  [Code.Unknown, 'unknown'],
  [Code.InvalidArgument, 'invalid_argument'],
  [Code.DeadlineExceeded, 'deadline_exceeded'],
  [Code.NotFound, 'not_found'],
  [Code.AlreadyExists, 'already_exists'],
  [Code.PermissionDenied, 'permission_denied'],
  [Code.ResourceExhausted, 'resource_exhausted'],
  [Code.FailedPrecondition, 'failed_precondition'],
  [Code.Aborted, 'aborted'],
  [Code.OutOfRange, 'invalid_argument'],
  [Code.Unimplemented, 'unimplemented'],
  [Code.Internal, 'internal'],
  [Code.Unavailable, 'unavailable'],
  [Code.DataLoss, 'internal'],
  [Code.Unauthenticated, 'unauthenticated'],
];

describe('errors', () => {
  it('maps all 16 gRPC status codes', () => {
    const allCodes = Object.values(Code).filter((value): value is Code => typeof value === 'number');
    expect(allCodes).toHaveLength(16);
    expect(expected.map(([code]) => code).sort()).toEqual([...allCodes].sort());
    for (const [code, pomeriumCode] of expected) {
      expect(grpcCodeToPomeriumCode[code], Code[code]).toBe(pomeriumCode);
      expect(pomeriumErrorCodes).toContain(grpcCodeToPomeriumCode[code]);
    }
  });

  it.each(expected)('converts a ConnectError with code %s', (code, pomeriumCode) => {
    const original = new ConnectError('something happened', code);
    const error = toPomeriumError(original, { callerAborted: true });
    expect(PomeriumError.isInstance(error)).toBe(true);
    expect(error.code).toBe(pomeriumCode);
    expect(error.backend).toBe('enterprise');
    expect(error.cause).toBe(original);
    expect(error.message).toContain('something happened');
  });

  it('marks retryable codes and a call the caller cancelled as not retryable', () => {
    expect(toPomeriumError(new ConnectError('x', Code.Unavailable)).retryable).toBe(true);
    expect(toPomeriumError(new ConnectError('x', Code.Aborted)).retryable).toBe(false);
    expect(toPomeriumError(new ConnectError('x', Code.Canceled), { callerAborted: true })).toMatchObject({
      code: 'deadline_exceeded',
      retryable: false,
    });
    expect(toPomeriumError(new ConnectError('x', Code.NotFound)).retryable).toBe(false);
  });

  it('reports a stream the other side cancelled (a server that died mid-call) as unavailable, retryable', () => {
    const reset = new ConnectError('http/2 stream closed with error code CANCEL (0x8)', Code.Canceled);
    const read = toPomeriumError(reset, { operation: 'routes.get' });
    expect(read).toMatchObject({ code: 'unavailable', retryable: true, mayHaveCommitted: false });
    expect(read.operation).toBe('routes.get');
    const write = toPomeriumError(reset, { operation: 'routes.create', write: true });
    expect(write).toMatchObject({ code: 'unavailable', retryable: true, mayHaveCommitted: true });
  });

  it('reports a reset connection (connect-node: Aborted with a Node.js cause) as unavailable', () => {
    const reset = new ConnectError('read ECONNRESET', Code.Aborted);
    reset.cause = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    expect(toPomeriumError(reset, { write: true })).toMatchObject({ code: 'unavailable', mayHaveCommitted: true });
  });

  it.each([
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), false],
    ['an unknown host', Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' }), false],
    ['a reset connection', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }), true],
    ['a status the server refused with', new ConnectError('busy', Code.Unavailable), false],
    ['a refused HTTP/2 stream', new ConnectError('http/2 stream closed with error code REFUSED_STREAM', 14), false],
    ['a timeout', new ConnectError('the operation timed out', Code.DeadlineExceeded), true],
    ['an internal error', new ConnectError('boom', Code.Internal), true],
  ])('sets mayHaveCommitted on a write after %s: %s', (_label, cause, expected) => {
    expect(toPomeriumError(cause, { write: true }).mayHaveCommitted).toBe(expected);
    expect(toPomeriumError(cause, { write: false }).mayHaveCommitted).toBe(false);
  });

  it("maps a proxy's HTTP answer, with Retry-After as retryAfterMs", () => {
    const limited = new ConnectError('HTTP 429', Code.Unavailable, new Headers({ 'retry-after': '7' }));
    expect(toPomeriumError(limited, { write: true })).toMatchObject({
      code: 'resource_exhausted',
      retryable: true,
      retryAfterMs: 7000,
      mayHaveCommitted: false,
    });
    const gateway = new ConnectError('HTTP 502', Code.Unavailable, new Headers());
    expect(toPomeriumError(gateway, { write: true })).toMatchObject({
      code: 'unavailable',
      mayHaveCommitted: true,
      retryAfterMs: undefined,
    });
    expect(
      retryAfterMsFrom(
        new Headers({ 'retry-after': 'Wed, 21 Oct 2015 07:28:10 GMT' }),
        Date.UTC(2015, 9, 21, 7, 28, 0),
      ),
    ).toBe(10_000);
    expect(retryAfterMsFrom(new Headers({ 'retry-after': 'soon' }))).toBeUndefined();
    expect(wireStatusOf(gateway)).toBe(502);
    expect(wireStatusOf(new ConnectError('x', Code.NotFound))).toBe('not_found');
  });

  it('reports RESOURCE_EXHAUSTED on a write as refused (retryable, not committed) with the pushback asked for', () => {
    const limited = (metadata?: Headers) =>
      toPomeriumError(new ConnectError('rate limit exceeded', Code.ResourceExhausted, metadata), { write: true });
    expect(limited()).toMatchObject({
      code: 'resource_exhausted',
      retryable: true,
      mayHaveCommitted: false,
      retryAfterMs: undefined,
    });
    expect(limited(new Headers({ 'grpc-retry-pushback-ms': '1500' })).retryAfterMs).toBe(1500);
    expect(limited(new Headers({ 'retry-after': '3' })).retryAfterMs).toBe(3000);
    // A negative pushback is gRPC's "do not retry".
    expect(limited(new Headers({ 'grpc-retry-pushback-ms': '-1' }))).toMatchObject({
      retryable: false,
      mayHaveCommitted: false,
      retryAfterMs: undefined,
    });
    expect(
      toPomeriumError(new ConnectError('busy', Code.Unavailable, new Headers({ 'retry-after': '3' }))).retryAfterMs,
    ).toBeUndefined();
  });

  it('never puts a secret into the message, cause, stack, JSON or inspection', () => {
    const token = 'super-secret-token-value';
    const original = new ConnectError(
      `token ${token} rejected`,
      Code.Unauthenticated,
      new Headers({ 'x-echo': `Pomerium ${token}` }),
    );
    original.cause = new Error(`nested ${token}`);
    const error = toPomeriumError(original, { secrets: [token] });
    expect(error.code).toBe('unauthenticated');
    expect(error.message).toContain('[REDACTED]');
    for (const view of [
      error.message,
      error.stack ?? '',
      JSON.stringify(error),
      inspect(error, { depth: 10, showHidden: true }),
      inspect(error.cause, { depth: 10, showHidden: true }),
      JSON.stringify(error.cause),
      String((error.cause as Error).stack),
    ]) {
      expect(view).not.toContain(token);
    }
  });

  it('names the field of an invalid argument in core casing', () => {
    const error = toPomeriumError(new ConnectError('policy_ids[1]: policy p not found', Code.InvalidArgument));
    expect(error.field).toBe('policyIds[1]');
    expect(fieldFromMessage('health_checks[0].http_health_check.path: must not be empty')).toBe(
      'healthChecks[0].httpHealthCheck.path',
    );
    expect(fieldFromMessage('no field here')).toBeUndefined();
  });

  it('turns a certificate verification failure into a clear unavailable error', () => {
    const tlsError = Object.assign(new Error('self-signed certificate in certificate chain'), {
      code: 'SELF_SIGNED_CERT_IN_CHAIN',
    });
    const connectError = new ConnectError('self-signed certificate in certificate chain', Code.Internal);
    connectError.cause = tlsError;
    const error = toPomeriumError(connectError, { url: 'https://console:443' });
    expect(error.code).toBe('unavailable');
    expect(error.message).toContain('certificate verification failed: self-signed certificate in certificate chain');
    expect(error.message).toContain('https://console:443');
    expect(error.cause).toBe(connectError);
    expect(error.retryable).toBe(false);
  });

  it('turns a refused connection into unavailable', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    const error = toPomeriumError(refused, { url: 'https://127.0.0.1:1' });
    expect(error.code).toBe('unavailable');
    expect(error.message).toMatch(/Cannot reach the Enterprise console at https:\/\/127\.0\.0\.1:1/);
  });

  it('passes a PomeriumError through unchanged and wraps anything else as unknown', () => {
    const existing = new PomeriumError('x', { code: 'not_found' });
    expect(toPomeriumError(existing)).toBe(existing);
    expect(toPomeriumError('a string').code).toBe('unknown');
  });
});

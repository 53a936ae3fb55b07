import { Code, ConnectError } from '@connectrpc/connect';
import { PomeriumError, pomeriumErrorCodes } from '@pomerium-unified/core';
import { describe, expect, it } from 'vitest';
import { fieldFromMessage, grpcCodeToPomeriumCode, toPomeriumError } from '../src/errors.js';

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
  [Code.Aborted, 'unavailable'],
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
    const error = toPomeriumError(original);
    expect(PomeriumError.isInstance(error)).toBe(true);
    expect(error.code).toBe(pomeriumCode);
    expect(error.backend).toBe('enterprise');
    expect(error.cause).toBe(original);
    expect(error.message).toContain('something happened');
  });

  it('marks retryable codes and a cancelled call as not retryable', () => {
    expect(toPomeriumError(new ConnectError('x', Code.Unavailable)).retryable).toBe(true);
    expect(toPomeriumError(new ConnectError('x', Code.Aborted)).retryable).toBe(true);
    expect(toPomeriumError(new ConnectError('x', Code.Canceled)).retryable).toBe(false);
    expect(toPomeriumError(new ConnectError('x', Code.NotFound)).retryable).toBe(false);
  });

  it('never puts a secret into a message', () => {
    const token = 'super-secret-token-value';
    const error = toPomeriumError(new ConnectError(`token ${token} rejected`, Code.Unauthenticated), {
      secrets: [token],
    });
    expect(error.code).toBe('unauthenticated');
    expect(error.message).not.toContain(token);
    expect(error.message).toContain('[redacted]');
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

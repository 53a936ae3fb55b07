import { create } from '@bufbuild/protobuf';
import type { RouteHealthCheck } from '@pomerium-unified/core';
import {
  CodecClientType,
  type HealthCheck,
  HealthCheck_GrpcHealthCheckSchema,
  HealthCheck_HttpHealthCheckSchema,
  type HealthCheck_Payload,
  HealthCheck_PayloadSchema,
  HealthCheck_TcpHealthCheckSchema,
  HealthCheckSchema,
  Int64RangeSchema,
} from '@pomerium-unified/enterprise-protos';
import { durationFromString, durationToString } from './convert-duration.js';
import { definedEntries, nonEmptyList, nonEmptyString } from './convert-route-values.js';

/** Enterprise-only fields of one health check, index-aligned with `route.healthChecks`. */
export interface EnterpriseHealthCheckExtension {
  /** Random jitter added to each interval (`interval_jitter`), e.g. `1s`. */
  intervalJitter?: string;
  /** Random jitter before the first check (`initial_jitter`). */
  initialJitter?: string;
  /** Jitter as a percentage of the interval (`interval_jitter_percent`). */
  intervalJitterPercent?: number;
  /** HTTP checks: half-open status ranges that are retried (`retriable_statuses`). */
  retriableStatuses?: { start: number; end: number }[];
  /** HTTP checks: HTTP/3 as codec, which the core model cannot express. */
  http3?: boolean;
}

function hexFromPayload(payload: HealthCheck_Payload): string {
  if (payload.payload.case === 'text') return payload.payload.value;
  if (payload.payload.case === 'binary') return Buffer.from(payload.payload.value).toString('hex');
  return '';
}

/** Converts a console `HealthCheck` into a core health check plus its Enterprise-only fields. */
export function healthCheckFromProto(check: HealthCheck): {
  check: RouteHealthCheck;
  extension: EnterpriseHealthCheckExtension;
} {
  const common = {
    timeout: check.timeout ? durationToString(check.timeout) : '0s',
    interval: check.interval ? durationToString(check.interval) : '0s',
    healthyThreshold: check.healthyThreshold,
    unhealthyThreshold: check.unhealthyThreshold,
  };
  const extension: EnterpriseHealthCheckExtension = definedEntries({
    intervalJitter: check.intervalJitter ? durationToString(check.intervalJitter) : undefined,
    initialJitter: check.initialJitter ? durationToString(check.initialJitter) : undefined,
    intervalJitterPercent: check.intervalJitterPercent === 0 ? undefined : check.intervalJitterPercent,
  });
  const checker = check.healthChecker;
  if (checker.case === 'tcpHealthCheck') {
    const tcp = checker.value;
    return {
      check: definedEntries({
        type: 'tcp' as const,
        ...common,
        send: tcp.send ? hexFromPayload(tcp.send) : undefined,
        receive: nonEmptyList(tcp.receive.map(hexFromPayload)),
      }),
      extension,
    };
  }
  if (checker.case === 'grpcHealthCheck') {
    return {
      check: definedEntries({
        type: 'grpc' as const,
        ...common,
        serviceName: nonEmptyString(checker.value.serviceName),
        authority: nonEmptyString(checker.value.authority),
      }),
      extension,
    };
  }
  const http = checker.case === 'httpHealthCheck' ? checker.value : create(HealthCheck_HttpHealthCheckSchema);
  if (http.retriableStatuses.length > 0) {
    extension.retriableStatuses = http.retriableStatuses.map((range) => ({
      start: Number(range.start),
      end: Number(range.end),
    }));
  }
  if (http.codecClientType === CodecClientType.HTTP3) extension.http3 = true;
  return {
    check: definedEntries({
      type: 'http' as const,
      ...common,
      path: http.path,
      host: nonEmptyString(http.host),
      expectedStatuses: nonEmptyList(
        http.expectedStatuses.map((range) => ({ start: Number(range.start), end: Number(range.end) })),
      ),
      codecClientType:
        http.codecClientType === CodecClientType.HTTP2
          ? ('http2' as const)
          : http.codecClientType === CodecClientType.HTTP1
            ? undefined
            : undefined,
    }),
    extension,
  };
}

/** Converts a core health check and its Enterprise-only fields into a console `HealthCheck`. */
export function healthCheckToProto(
  check: RouteHealthCheck,
  extension: EnterpriseHealthCheckExtension = {},
): HealthCheck {
  const proto = create(HealthCheckSchema, {
    timeout: durationFromString(check.timeout),
    interval: durationFromString(check.interval),
    healthyThreshold: check.healthyThreshold,
    unhealthyThreshold: check.unhealthyThreshold,
    intervalJitterPercent: extension.intervalJitterPercent ?? 0,
  });
  if (extension.intervalJitter !== undefined) proto.intervalJitter = durationFromString(extension.intervalJitter);
  if (extension.initialJitter !== undefined) proto.initialJitter = durationFromString(extension.initialJitter);
  if (check.type === 'http') {
    const http = create(HealthCheck_HttpHealthCheckSchema, {
      path: check.path,
      host: check.host ?? '',
      expectedStatuses: (check.expectedStatuses ?? []).map((range) =>
        create(Int64RangeSchema, { start: BigInt(range.start), end: BigInt(range.end) }),
      ),
      codecClientType: extension.http3
        ? CodecClientType.HTTP3
        : check.codecClientType === 'http2'
          ? CodecClientType.HTTP2
          : CodecClientType.HTTP1,
      retriableStatuses: (extension.retriableStatuses ?? []).map((range) =>
        create(Int64RangeSchema, { start: BigInt(range.start), end: BigInt(range.end) }),
      ),
    });
    proto.healthChecker = { case: 'httpHealthCheck', value: http };
  } else if (check.type === 'tcp') {
    const tcp = create(HealthCheck_TcpHealthCheckSchema, {
      receive: (check.receive ?? []).map((text) =>
        create(HealthCheck_PayloadSchema, { payload: { case: 'text', value: text } }),
      ),
    });
    if (check.send !== undefined) {
      tcp.send = create(HealthCheck_PayloadSchema, {
        payload: check.send === '' ? { case: undefined } : { case: 'text', value: check.send },
      });
    }
    proto.healthChecker = { case: 'tcpHealthCheck', value: tcp };
  } else {
    proto.healthChecker = {
      case: 'grpcHealthCheck',
      value: create(HealthCheck_GrpcHealthCheckSchema, {
        serviceName: check.serviceName ?? '',
        authority: check.authority ?? '',
      }),
    };
  }
  return proto;
}

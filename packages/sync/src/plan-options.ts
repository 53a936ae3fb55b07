import { PomeriumError } from '@pomerium-unified/core';
import type { PomeriumConfig } from './config-document.js';
import { normalizePath } from './config-keys.js';
import { pomeriumConfigSchema } from './config-schema.js';

/** Validates and normalises a namespace map (source path → target path); `invalid_argument` naming the entry. */
export function parseNamespaceMap(namespaceMap: Record<string, string> | undefined): Map<string, string> {
  const result = new Map<string, string>();
  if (namespaceMap === undefined) return result;
  if (namespaceMap === null || typeof namespaceMap !== 'object' || Array.isArray(namespaceMap)) {
    throw new PomeriumError('namespaceMap must map source namespace paths to target paths', {
      code: 'invalid_argument',
      field: 'namespaceMap',
    });
  }
  for (const [source, target] of Object.entries(namespaceMap)) {
    const from = normalizePath(source);
    const to = typeof target === 'string' ? normalizePath(target) : undefined;
    if (from === undefined || to === undefined) {
      throw new PomeriumError(
        `namespaceMap entry ${JSON.stringify(source)} → ${JSON.stringify(target)} is not a pair of namespace paths`,
        { code: 'invalid_argument', field: `namespaceMap.${source}` },
      );
    }
    result.set(from, to);
  }
  return result;
}

/** Documents built internally (migrate) that no caller could have changed: validation is skipped for them. */
const trustedConfigs = new WeakSet<PomeriumConfig>();

/** Marks a document built internally as valid, so planning does not validate it again. */
export function markTrusted(config: PomeriumConfig): PomeriumConfig {
  trustedConfigs.add(config);
  return config;
}

/** Validates a document given as a value; `invalid_argument` naming the field (`desired.routes[3].from`). */
export function validateConfig(config: PomeriumConfig, field = 'desired'): PomeriumConfig {
  if (trustedConfigs.has(config)) return config;
  const result = pomeriumConfigSchema.safeParse(config);
  if (result.success) return result.data as PomeriumConfig;
  const [issue] = result.error.issues;
  const path = (issue?.path ?? [])
    .map((segment) => (typeof segment === 'number' ? `[${segment}]` : `.${String(segment)}`))
    .join('');
  throw new PomeriumError(`Invalid ${field}${path}: ${issue?.message ?? 'invalid document'}`, {
    code: 'invalid_argument',
    field: `${field}${path}`,
    cause: result.error,
  });
}

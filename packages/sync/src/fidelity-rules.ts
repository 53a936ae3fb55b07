import type { BackendCapabilities, BackendSyncRules } from '@pomerium-unified/core';
import type { ConfigExtensions, ConfigPolicy, ConfigRoute } from './config-document.js';
import { secretMarker } from './config-document.js';
import { getPath, setPath } from './dotted-path.js';
import { routeDeploymentIdFields, routeSecretFields } from './route-field-paths.js';
import type { FidelityIssue, SyncObjectKind } from './sync-plan.js';

/** The backend a document came from, with the sync rules it declares. */
export interface FidelitySource {
  /** Backend name, the key of its extension bag. */
  name: string;
  /** What the keys of its extension bag mean on another backend. */
  syncRules: BackendSyncRules | undefined;
}

/** The target a rule judges against: its backend name, capabilities and declared rules, and the source's rules. */
export interface FidelityTarget {
  /** Backend name (`zero`, `enterprise`, `memory`, …). */
  name: string;
  /** What it can do. */
  capabilities: BackendCapabilities;
  /** The rules the target declares (the redirect codes it accepts). */
  syncRules: BackendSyncRules | undefined;
  /** The backend the document came from, when known: its rules judge the keys of its bag. */
  source: FidelitySource | undefined;
}

/** Extension keys that describe the stored wire object itself (unknown protobuf fields); never written. */
export const wireOnlyExtensionKeys = ['unknownFields'] as const;

/** The outcome of judging one entry: what can be written, and what cannot. */
export interface FidelityOutcome<Entry> {
  /** The entry as it can be written: foreign bags and lossy fields removed. */
  writable: Entry;
  /** What cannot be carried. */
  issues: FidelityIssue[];
}

function issue(
  severity: FidelityIssue['severity'],
  kind: SyncObjectKind,
  key: string,
  rule: string,
  reason: string,
  field?: string,
): FidelityIssue {
  return { severity, kind, key, ...(field === undefined ? {} : { field }), rule, reason };
}

/** Keeps only the target's own extension bag (minus wire-only keys) and reports every key of the others. */
function judgeExtensions(
  extensions: ConfigExtensions | undefined,
  kind: SyncObjectKind,
  key: string,
  target: FidelityTarget,
  issues: FidelityIssue[],
): ConfigExtensions | undefined {
  if (!extensions) return undefined;
  let own: Record<string, unknown> | undefined;
  for (const [backend, bag] of Object.entries(extensions)) {
    for (const [field, value] of Object.entries(bag)) {
      if ((wireOnlyExtensionKeys as readonly string[]).includes(field)) {
        if (backend === target.name) continue;
        const count = Array.isArray(value) ? value.length : 1;
        issues.push(
          issue(
            'warning',
            kind,
            key,
            'unknown-wire-fields',
            `${count} ${backend} wire field(s) unknown to this library (numbers ${JSON.stringify(value)}) stay on the source`,
            `extensions.${backend}.${field}`,
          ),
        );
        continue;
      }
      if (backend === target.name) {
        own ??= {};
        own[field] = value;
        continue;
      }
      const sourceRules = backend === target.source?.name ? target.source.syncRules : undefined;
      const rule = sourceRules?.foreignExtensionKeys?.[kind]?.[field];
      issues.push(
        issue(
          rule?.severity ?? 'error',
          kind,
          key,
          rule ? 'backend-only-field' : 'unknown-wire-field',
          rule ? `${rule.reason}; ${target.name} cannot take it` : `a ${backend} field that ${target.name} cannot take`,
          `extensions.${backend}.${field}`,
        ),
      );
    }
  }
  return own ? { [target.name]: own } : undefined;
}

/** Judges a policy entry against the target. */
export function judgePolicy(entry: ConfigPolicy, key: string, target: FidelityTarget): FidelityOutcome<ConfigPolicy> {
  const issues: FidelityIssue[] = [];
  const writable: ConfigPolicy = { ...entry };
  const extensions = judgeExtensions(entry.extensions, 'policy', key, target, issues);
  if (extensions) writable.extensions = extensions;
  else delete writable.extensions;
  return { writable, issues };
}

/** What {@link judgeRoute} needs beyond the target. */
export interface RouteJudgement {
  /** The backend the document came from, when known. */
  sourceBackend: string | undefined;
  /** The target's current entry (secrets included) when the route exists: secret markers keep its values. */
  current: ConfigRoute | undefined;
}

/**
 * Judges a route entry against the target: Enterprise-only fields, several
 * health checks on a target that keeps one, redirect codes outside the
 * target's enum, key-pair ids from another backend, secrets that were not
 * exported or not returned. A secret marker keeps the target's current value
 * when it has one; otherwise the secret is lost (an error on create).
 */
export function judgeRoute(
  entry: ConfigRoute,
  key: string,
  target: FidelityTarget,
  judgement: RouteJudgement,
): FidelityOutcome<ConfigRoute> {
  const issues: FidelityIssue[] = [];
  // Shallow copy: every change below replaces a top-level value instead of editing the entry in place.
  const writable = { ...entry } as ConfigRoute & Record<string, unknown>;
  const setWritable = (field: string, value: unknown) => {
    const top = field.split('.')[0]!;
    if (top !== field && writable[top] !== null && typeof writable[top] === 'object') {
      writable[top] = structuredClone(writable[top]);
    }
    setPath(writable, field, value);
  };
  const extensions = judgeExtensions(entry.extensions, 'route', key, target, issues);
  if (extensions) writable.extensions = extensions;
  else delete writable.extensions;

  if ((entry.healthChecks?.length ?? 0) > 1 && !target.capabilities.multipleHealthChecks) {
    issues.push(
      issue(
        'error',
        'route',
        key,
        'single-health-check',
        `${target.name} keeps one health check per route; ${entry.healthChecks!.length - 1} would be dropped`,
        'healthChecks',
      ),
    );
    writable.healthChecks = entry.healthChecks!.slice(0, 1);
  }
  const codes = target.syncRules?.redirectResponseCodes;
  const code = entry.redirect?.responseCode;
  if (codes && code !== undefined && !codes.includes(code)) {
    issues.push(
      issue(
        'error',
        'route',
        key,
        'redirect-response-code',
        `${target.name} redirects only with ${codes.join(', ')}; ${code} would become the default`,
        'redirect.responseCode',
      ),
    );
    if (writable.redirect) {
      const { responseCode: _dropped, ...redirect } = writable.redirect;
      writable.redirect = redirect;
    }
  }
  if (judgement.sourceBackend !== undefined && judgement.sourceBackend !== target.name) {
    for (const field of routeDeploymentIdFields) {
      if (getPath(entry, field) === undefined) continue;
      issues.push(
        issue(
          'error',
          'route',
          key,
          'deployment-id',
          `an id of a ${judgement.sourceBackend} object (key pair or SSH policy) means nothing on ${target.name}`,
          field,
        ),
      );
      setWritable(field, undefined);
    }
  }
  for (const field of routeSecretFields) {
    if (getPath(entry, field) !== secretMarker) continue;
    const kept = judgement.current ? getPath(judgement.current, field) : undefined;
    if (kept !== undefined) {
      setWritable(field, kept);
      continue;
    }
    issues.push(
      issue(
        judgement.current ? 'warning' : 'error',
        'route',
        key,
        'secret-not-exported',
        'the document holds a marker instead of the secret (exported without includeSecrets)',
        field,
      ),
    );
    // A nested secret is required where it sits: it becomes empty instead of absent.
    setWritable(field, field.includes('.') ? '' : undefined);
  }
  const oauth2 = getPath(entry, 'mcp.server.upstreamOAuth2') as
    | { clientId?: string; clientSecret?: string }
    | undefined;
  if (oauth2?.clientId && oauth2.clientSecret === '') {
    issues.push(
      issue(
        'warning',
        'route',
        key,
        'secret-not-returned',
        'the source returned the MCP OAuth2 client id without its secret, so the secret cannot be carried',
        'mcp.server.upstreamOAuth2.clientSecret',
      ),
    );
  }
  if (entry.identityProviderClientId !== undefined && entry.identityProviderClientSecret === undefined) {
    issues.push(
      issue(
        'warning',
        'route',
        key,
        'secret-not-returned',
        'the source returned the client id without its secret, so the secret cannot be carried',
        'identityProviderClientSecret',
      ),
    );
  }
  return { writable, issues };
}

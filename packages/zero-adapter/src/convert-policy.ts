import type { Policy, PolicyCreateInput, Ppl, PplRule } from '@pomerium-unified/core';
import { jsonEqual } from './json-equal.js';
import type { ZeroPolicyExtension } from './zero-extensions.js';
import type { ZeroEntityInfo, ZeroPolicy } from './zero-wire-types.js';

/** Policy keys only Zero sets; they are never sent in a create or PUT body. */
export const zeroPolicyResponseOnlyKeys = ['id', 'createdAt', 'updatedAt', 'routes', 'enforcedRoutes'] as const;

const propertyKeys = [
  'namespaceId',
  'name',
  'enforced',
  'ppl',
  'description',
  'explanation',
  'remediation',
  'originatorId',
] as const;

/** Every Zero policy key the adapter understands. */
export const knownPolicyWireKeys = new Set<string>([...zeroPolicyResponseOnlyKeys, ...propertyKeys]);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Zero's `ppl` (one rule object or an array of rules) in the core form: always an array. */
export function zeroPplToPpl(ppl: unknown): Ppl {
  if (Array.isArray(ppl)) return structuredClone(ppl) as Ppl;
  if (isRecord(ppl)) return [structuredClone(ppl) as PplRule];
  return [];
}

function entityInfos(value: unknown): ZeroEntityInfo[] {
  return Array.isArray(value) ? (value as ZeroEntityInfo[]) : [];
}

/**
 * Converts a Zero policy (as the API returns it) to the core model. Zero-only
 * data goes to `extensions.zero`. The wire object must be freshly parsed JSON
 * owned by the caller: its nested values are reused, not copied.
 */
export function zeroPolicyToPolicy(wire: ZeroPolicy): Policy {
  const routes = entityInfos(wire.routes);
  const zero: ZeroPolicyExtension = { routes, enforcedRoutes: entityInfos(wire.enforcedRoutes) };
  if (typeof wire.originatorId === 'string') zero.originatorId = wire.originatorId;
  let additional: Record<string, unknown> | undefined;
  for (const key in wire) {
    if (knownPolicyWireKeys.has(key)) continue;
    additional ??= {};
    additional[key] = wire[key];
  }
  if (additional) zero.additionalFields = additional;
  const ppl = wire.ppl;
  return {
    id: String(wire.id ?? ''),
    namespaceId: String(wire.namespaceId ?? ''),
    name: String(wire.name ?? ''),
    description: typeof wire.description === 'string' ? wire.description : '',
    enforced: wire.enforced === true,
    ppl: Array.isArray(ppl) ? (ppl as Ppl) : isRecord(ppl) ? [ppl as PplRule] : [],
    explanation: typeof wire.explanation === 'string' ? wire.explanation : '',
    remediation: typeof wire.remediation === 'string' ? wire.remediation : '',
    routeIds: routes.map((route) => route.id),
    createdAt: typeof wire.createdAt === 'string' ? wire.createdAt : undefined,
    updatedAt: typeof wire.updatedAt === 'string' ? wire.updatedAt : undefined,
    extensions: { zero },
  };
}

/**
 * Converts a core policy (or create input) to Zero's `PolicyProperties`, the
 * whole object a create or PUT needs: `description`, `explanation` and
 * `remediation` are always sent (`""` when unset), response-only keys never
 * are. With `previous`, an unchanged PPL is sent in the form Zero stored (a
 * single rule object stays an object).
 */
export function policyToZeroPolicyProperties(policy: Policy | PolicyCreateInput, previous?: ZeroPolicy): ZeroPolicy {
  const body: ZeroPolicy = {};
  const zero = (policy.extensions?.zero ?? {}) as ZeroPolicyExtension;
  if (isRecord(zero.additionalFields)) {
    for (const [key, value] of Object.entries(zero.additionalFields)) {
      if (!knownPolicyWireKeys.has(key)) body[key] = structuredClone(value);
    }
  }
  const ppl = zeroPplToPpl(policy.ppl);
  body.namespaceId = policy.namespaceId;
  body.name = policy.name;
  body.enforced = policy.enforced === true;
  body.ppl = previous && jsonEqual(ppl, zeroPplToPpl(previous.ppl)) ? structuredClone(previous.ppl) : ppl;
  body.description = policy.description ?? '';
  body.explanation = policy.explanation ?? '';
  body.remediation = policy.remediation ?? '';
  if (typeof zero.originatorId === 'string') body.originatorId = zero.originatorId;
  return body;
}

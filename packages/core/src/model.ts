import type { Ppl, PplInput } from './ppl.js';
import type {
  RouteCreateInput as RouteCreateInputBase,
  RouteSettings,
  RouteUpdatePatch as RouteUpdatePatchBase,
} from './route-schema.js';

/**
 * Backend-specific fields of a route, keyed by backend name. Adapters add their
 * own typed key through declaration merging, e.g.
 * `declare module '@pomerium-unified/core' { interface RouteExtensions { enterprise?: EnterpriseRouteExtension } }`.
 */
export interface RouteExtensions {
  [backend: string]: unknown;
}

/** Backend-specific fields of a policy, keyed by backend name (see {@link RouteExtensions}). */
export interface PolicyExtensions {
  [backend: string]: unknown;
}

/** Backend-specific fields of a namespace, keyed by backend name (see {@link RouteExtensions}). */
export interface NamespaceExtensions {
  [backend: string]: unknown;
}

/** What a namespace is: the organization-wide root, a cluster's namespace, or a plain namespace. */
export type NamespaceKind = 'root' | 'cluster' | 'namespace';

/** A namespace: a node of the tree that holds routes and policies. */
export interface Namespace {
  /** Backend-assigned id. */
  id: string;
  /** Display name. */
  name: string;
  /** Parent namespace id; undefined for the root. */
  parentId: string | undefined;
  /** What the namespace is. */
  kind: NamespaceKind;
  /** Creation time, RFC 3339. */
  createdAt: string | undefined;
  /** Last modification time, RFC 3339. */
  updatedAt: string | undefined;
  /** Backend-specific fields. */
  extensions: NamespaceExtensions;
}

/** An authorization policy written in PPL. */
export interface Policy {
  /** Backend-assigned id. */
  id: string;
  /** The namespace the policy lives in. */
  namespaceId: string;
  /** Display name. */
  name: string;
  /** Human-readable description ('' when none). */
  description: string;
  /** When true the policy applies to every route of its namespace and the namespaces below it. */
  enforced: boolean;
  /** The policy in canonical PPL form (an array of rules). */
  ppl: Ppl;
  /** Shown to denied users: why ('' when none). */
  explanation: string;
  /** Shown to denied users: what to do ('' when none). */
  remediation: string;
  /** Ids of the routes that have this policy assigned (computed by the backend, read-only). */
  routeIds: string[];
  /** Creation time, RFC 3339. */
  createdAt: string | undefined;
  /** Last modification time, RFC 3339. */
  updatedAt: string | undefined;
  /** Backend-specific fields. */
  extensions: PolicyExtensions;
}

/**
 * The route settings that Pomerium turns off by default. Every backend returns
 * them on a read route, `false` when never set, so routes from Zero (which
 * always stores them) and Enterprise (which may leave them unset) compare equal.
 */
export const routeBooleanSettingsDefaultingToFalse = [
  'allowSpdy',
  'allowWebsockets',
  'enableGoogleCloudServerlessAuthentication',
  'preserveHostHeader',
  'showErrorDetails',
  'tlsSkipVerify',
  'tlsUpstreamAllowRenegotiation',
] as const;

/** A route: an external URL, where it is proxied to, and which policies guard it. */
export interface Route extends RouteSettings {
  /** Allow SPDY upgrades (false when never set). */
  allowSpdy: boolean;
  /** Allow websocket upgrades (false when never set). */
  allowWebsockets: boolean;
  /** Add Google Cloud serverless authentication (false when never set). */
  enableGoogleCloudServerlessAuthentication: boolean;
  /** Keep the original Host header (false when never set). */
  preserveHostHeader: boolean;
  /** Show error details on error pages (false when never set). */
  showErrorDetails: boolean;
  /** Skip verification of the upstream certificate (false when never set). */
  tlsSkipVerify: boolean;
  /** Allow TLS renegotiation with the upstream (false when never set). */
  tlsUpstreamAllowRenegotiation: boolean;
  /** Backend-assigned id. */
  id: string;
  /** The namespace the route lives in. */
  namespaceId: string;
  /** Display name. */
  name: string;
  /** External URL. */
  from: string;
  /** Upstream URLs. */
  to: string[];
  /** Ids of the policies assigned to the route. */
  policyIds: string[];
  /** Ids of enforced policies that apply through the namespace tree (computed, read-only). */
  enforcedPolicyIds: string[];
  /** Creation time, RFC 3339. */
  createdAt: string | undefined;
  /** Last modification time, RFC 3339. */
  updatedAt: string | undefined;
  /** Backend-specific fields. */
  extensions: RouteExtensions;
}

/** Input of `client.namespaces.create()`. */
export interface NamespaceCreateInput {
  /** Display name. */
  name: string;
  /** The parent namespace; the root namespace when omitted. */
  parentId?: string;
  /** Backend-specific fields. */
  extensions?: NamespaceExtensions;
}

/** Input of `client.namespaces.update()`. */
export interface NamespaceUpdatePatch {
  /** New display name. */
  name?: string;
  /** New parent (moves the namespace). */
  parentId?: string;
  /** Backend-specific fields to merge. */
  extensions?: NamespaceExtensions;
}

/** Input of `client.policies.create()`. */
export interface PolicyCreateInput {
  /** The namespace the policy lives in. */
  namespaceId: string;
  /** Display name. */
  name: string;
  /** PPL: one rule or an array of rules. */
  ppl: PplInput;
  /** Human-readable description. */
  description?: string;
  /** Apply to every route of the namespace and below. Default false. */
  enforced?: boolean;
  /** Shown to denied users: why. */
  explanation?: string;
  /** Shown to denied users: what to do. */
  remediation?: string;
  /** Backend-specific fields. */
  extensions?: PolicyExtensions;
}

/** Input of `client.policies.update()`: keys left out keep their value. */
export type PolicyUpdatePatch = Partial<Omit<PolicyCreateInput, 'namespaceId'>>;

/** Input of `client.routes.create()`. */
export type RouteCreateInput = Omit<RouteCreateInputBase, 'extensions'> & { extensions?: RouteExtensions };

/** Input of `client.routes.update()`: keys left out keep their value, `null` clears a setting. */
export type RouteUpdatePatch = Omit<RouteUpdatePatchBase, 'extensions'> & { extensions?: RouteExtensions };

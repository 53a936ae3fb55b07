import { randomBytes } from 'node:crypto';
import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import type { ConnectRouter, HandlerContext } from '@connectrpc/connect';
import { connectNodeAdapter } from '@connectrpc/connect-node';
import {
  ClustersService,
  KeyChainService,
  NamespaceService,
  PolicyService,
  PomeriumServiceAccountService,
  RouteService,
  SettingsService,
} from '@pomerium-unified/enterprise-protos';
import { type FaultController, FaultInjector, type FaultOptions } from '../shared/fault-injector.js';
import { TimerSet } from '../shared/timer-set.js';
import { createTestCertificates } from './create-test-certificates.js';
import { type FakeEnterpriseRateLimitAnswer, withFakeEnterpriseFaults } from './fake-enterprise-faults.js';
import { type FakeEnterpriseSeed, FakeEnterpriseState, type FakeServiceAccount } from './fake-enterprise-state.js';

/** Options of {@link startFakeEnterpriseConsole}. */
export interface FakeEnterpriseConsoleOptions {
  /** Serve TLS with a CA generated for this run (true, the default) or h2c without TLS (false). */
  tls?: boolean;
  /** With TLS: require a client certificate signed by the generated CA (mutual TLS). Default false. */
  requireClientCertificate?: boolean;
  /** Accepted service accounts. Default: one account with a random token and access to every namespace. */
  serviceAccounts?: FakeServiceAccount[];
  /** Objects loaded before the server starts. */
  seed?: FakeEnterpriseSeed;
  /** Port to listen on. Default 0: a random free port. */
  port?: number;
  /** Address to listen on. Default `127.0.0.1`; a container needs `0.0.0.0`. The returned `url` always names 127.0.0.1. */
  host?: string;
  /** Id of the root namespace. Default: a random UUID. */
  rootNamespaceId?: string;
  /** Name of the root namespace. Default `Global`. */
  rootNamespaceName?: string;
  /** Fault injection (off by default); change it later with `console.faults.configure`. */
  faults?: FaultOptions;
  /**
   * How a `rate_limited` fault is answered: `RESOURCE_EXHAUSTED` (`grpc`), an HTTP 429 with `Retry-After` as a
   * proxy in front of the console would send (`http`), or either, drawn from the seeded sequence (`mixed`, the default).
   */
  rateLimitAnswer?: FakeEnterpriseRateLimitAnswer;
  /** How many calls `state.requests` keeps (a ring buffer). Default 10,000; 0 keeps none, `Infinity` all. */
  requestLogLimit?: number;
}

/** A running fake Enterprise console. */
export interface FakeEnterpriseConsole {
  /** Base URL: `https://127.0.0.1:<port>` (or `http://` without TLS). */
  url: string;
  /** The PEM CA certificate that signed the server certificate; undefined without TLS. */
  ca: string | undefined;
  /** A client certificate and key signed by the CA, for mutual TLS; undefined without TLS. */
  clientCertificate: { cert: string; key: string } | undefined;
  /** The token of the first service account. */
  serviceAccountToken: string;
  /** The id of the root namespace. */
  rootNamespaceId: string;
  /** The stored state: whole proto messages, open to tests. */
  state: FakeEnterpriseState;
  /** Counters of injected faults, and a switch to change fault injection at run time. */
  faults: FaultController;
  /** Stops the server and ends every open HTTP/2 session. Safe to call twice. */
  close(): Promise<void>;
}

/**
 * A fake Enterprise console serving TLS (the default): its CA and client
 * certificate are always there, so `tls: { ca: fake.ca }` compiles under
 * `exactOptionalPropertyTypes`.
 */
export interface FakeEnterpriseTlsConsole extends FakeEnterpriseConsole {
  /** The PEM CA certificate that signed the server certificate. */
  ca: string;
  /** A client certificate and key signed by the CA, for mutual TLS. */
  clientCertificate: { cert: string; key: string };
}

/** Creates a random service account token. */
export function createFakeServiceAccountToken(): string {
  return `fake-sa-${randomBytes(18).toString('base64url')}`;
}

function routes(state: FakeEnterpriseState) {
  const account = (context: HandlerContext) => {
    const authorization = context.requestHeader.get('authorization');
    state.recordRequest({
      procedure: `/${context.service.typeName}/${context.method.name}`,
      authorization,
      contentType: context.requestHeader.get('content-type'),
    });
    return state.authenticate(authorization);
  };
  return (router: ConnectRouter) => {
    router.service(NamespaceService, {
      listNamespaces: (_request, context) => ({ namespaces: state.namespaceService.list(account(context)) }),
      getNamespace: (request, context) => ({ namespace: state.namespaceService.get(account(context), request.id) }),
      setNamespace: (request, context) => ({
        namespace: state.namespaceService.set(account(context), request.namespace),
      }),
      deleteNamespace: (request, context) => {
        state.namespaceService.delete(account(context), request.id);
        return {};
      },
      listNamespaceResources: (request, context) => ({
        resources: state.namespaceService.listResources(account(context), request.ids),
      }),
    });
    router.service(PolicyService, {
      listPolicies: (request, context) => state.policyService.list(account(context), request),
      getPolicy: (request, context) => ({ policy: state.policyService.get(account(context), request.id) }),
      setPolicy: (request, context) => ({ policy: state.policyService.set(account(context), request.policy) }),
      deletePolicy: (request, context) => {
        state.policyService.delete(account(context), request.id, request.removeFromAnyAssignedRoutes);
        return {};
      },
    });
    router.service(RouteService, {
      listRoutes: (request, context) => state.routeService.list(account(context), request),
      getRoute: (request, context) => ({ route: state.routeService.get(account(context), request.id) }),
      setRoute: (request, context) => ({ route: state.routeService.set(account(context), request.route) }),
      setRoutes: (request, context) => ({ routes: state.routeService.setMany(account(context), request.routes) }),
      deleteRoute: (request, context) => {
        state.routeService.delete(account(context), [request.id]);
        return {};
      },
      deleteRoutes: (request, context) => {
        state.routeService.delete(account(context), request.ids);
        return {};
      },
      moveRoutes: (request, context) => {
        state.routeService.move(account(context), request.routeIds, request.newNamespaceId);
        return {};
      },
      // LoadRoutes is left unimplemented: connect answers Unimplemented.
    });
    router.service(ClustersService, {
      listClusters: (_request, context) => ({ clusters: state.clusters.list(account(context)) }),
      getCluster: (request, context) => state.clusters.get(account(context), request.id),
      addCluster: (request, context) => state.clusters.add(account(context), request),
      // UpdateCluster and DeleteCluster are left unimplemented: connect answers Unimplemented.
    });
    router.service(PomeriumServiceAccountService, {
      listPomeriumServiceAccounts: (request, context) => ({
        serviceAccounts: state.pomeriumServiceAccounts.list(account(context), request.namespace),
      }),
      getPomeriumServiceAccount: (request, context) => ({
        serviceAccount: state.pomeriumServiceAccounts.get(account(context), request.id),
      }),
      addPomeriumServiceAccount: (request, context) => state.pomeriumServiceAccounts.add(account(context), request),
      setPomeriumServiceAccount: (request, context) => state.pomeriumServiceAccounts.set(account(context), request),
      deletePomeriumServiceAccount: (request, context) => {
        state.pomeriumServiceAccounts.delete(account(context), request.id);
        return {};
      },
    });
    router.service(SettingsService, {
      getSettings: (request, context) => ({ settings: state.settings.get(account(context), request.clusterId) }),
      setSettings: (request, context) => ({ settings: state.settings.set(account(context), request.settings) }),
      // GetBrandingSettings and GetConsoleSettings are left unimplemented: connect answers Unimplemented.
    });
    router.service(KeyChainService, {
      listKeyPairs: (request, context) => state.keyChain.list(account(context), request),
      getKeyPair: (request, context) => ({ keyPair: state.keyChain.get(account(context), request.id) }),
      createKeyPair: (request, context) => ({ keyPair: state.keyChain.create(account(context), request) }),
      updateKeyPair: (request, context) => ({ keyPair: state.keyChain.update(account(context), request) }),
      deleteKeyPair: (request, context) => {
        state.keyChain.delete(account(context), request.id);
        return {};
      },
    });
  };
}

/**
 * Starts a wire-true fake of the Pomerium Enterprise console API: a real gRPC
 * server over HTTP/2 (TLS with a CA generated for the run, or h2c) on
 * 127.0.0.1, implementing `NamespaceService`, `PolicyService` and
 * `RouteService` with the console's semantics: service-account
 * authentication, namespace-bound permissions, computed fields, paging and
 * failed preconditions on deletes.
 */
export async function startFakeEnterpriseConsole(
  options?: FakeEnterpriseConsoleOptions & { tls?: true },
): Promise<FakeEnterpriseTlsConsole>;
export async function startFakeEnterpriseConsole(options: FakeEnterpriseConsoleOptions): Promise<FakeEnterpriseConsole>;
export async function startFakeEnterpriseConsole(
  options: FakeEnterpriseConsoleOptions = {},
): Promise<FakeEnterpriseConsole> {
  const serviceAccounts = options.serviceAccounts ?? [{ token: createFakeServiceAccountToken() }];
  const first = serviceAccounts[0];
  if (!first) throw new Error('startFakeEnterpriseConsole needs at least one service account');
  const state = new FakeEnterpriseState({
    serviceAccounts,
    ...(options.rootNamespaceId !== undefined ? { rootNamespaceId: options.rootNamespaceId } : {}),
    ...(options.rootNamespaceName !== undefined ? { rootNamespaceName: options.rootNamespaceName } : {}),
    ...(options.requestLogLimit !== undefined ? { requestLogLimit: options.requestLogLimit } : {}),
  });
  if (options.seed) state.seed(options.seed);

  const injector = new FaultInjector(options.faults);
  const timers = new TimerSet();
  const later = (milliseconds: number, action: () => void) => timers.later(milliseconds, action);
  const handler = withFakeEnterpriseFaults(
    connectNodeAdapter({
      routes: routes(state),
      grpc: true,
      grpcWeb: false,
      connect: false,
      // Like a grpc-go server, answer uncompressed (it compresses only what a client sent compressed).
      acceptCompression: [],
    }),
    injector,
    { rateLimitAnswer: options.rateLimitAnswer ?? 'mixed', later },
  );
  const useTls = options.tls ?? true;
  const certificates = useTls ? await createTestCertificates() : undefined;
  const server = certificates
    ? http2.createSecureServer(
        {
          key: certificates.serverKey,
          cert: certificates.serverCertificateChain,
          ...(options.requireClientCertificate
            ? { requestCert: true, rejectUnauthorized: true, ca: certificates.ca }
            : {}),
        },
        handler,
      )
    : http2.createServer(handler);
  const sessions = new Set<http2.ServerHttp2Session>();
  server.on('session', (session: http2.ServerHttp2Session) => {
    sessions.add(session);
    session.once('close', () => sessions.delete(session));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  let closed: Promise<void> | undefined;
  return {
    url: `${useTls ? 'https' : 'http'}://127.0.0.1:${port}`,
    ca: certificates?.ca,
    clientCertificate: certificates ? { cert: certificates.clientCertificate, key: certificates.clientKey } : undefined,
    serviceAccountToken: first.token,
    rootNamespaceId: state.rootNamespaceId,
    state,
    faults: injector.controller(),
    close() {
      closed ??= new Promise<void>((resolve) => {
        timers.clear();
        server.close(() => resolve());
        for (const session of sessions) session.destroy();
        sessions.clear();
      });
      return closed;
    },
  };
}

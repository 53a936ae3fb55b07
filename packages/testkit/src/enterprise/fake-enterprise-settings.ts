import { randomBytes, randomUUID } from 'node:crypto';
import { clone, create } from '@bufbuild/protobuf';
import { timestampNow } from '@bufbuild/protobuf/wkt';
import { Code, ConnectError } from '@connectrpc/connect';
import { type Settings, SettingsSchema } from '@pomerium-unified/enterprise-protos';
import type { FakeEnterpriseState, FakeServiceAccount } from './fake-enterprise-state.js';

/** What the fake console shows instead of a stored secret setting. */
export const fakeEnterpriseSecretMask = '********';

/** The optional string settings the fake treats as secrets (masked on read, kept when the mask is written back). */
const secretFields = [
  'sharedSecret',
  'cookieSecret',
  'idpClientSecret',
  'idpServiceAccount',
  'googleCloudServerlessAuthenticationServiceAccount',
  'sshUserCaKey',
] as const;

/**
 * The settings of the fake console (`SettingsService`): one `Settings` per
 * cluster (key '' for the default cluster). Secret settings are masked on
 * read (`********`, also each entry of `ssh_host_keys`); writing the mask back
 * keeps the stored value. Only global service accounts may write settings.
 */
export class FakeEnterpriseSettings {
  /** Stored settings by cluster id ('' = the default cluster), unmasked. */
  readonly byCluster = new Map<string, Settings>();
  readonly #state: FakeEnterpriseState;

  constructor(state: FakeEnterpriseState) {
    this.#state = state;
  }

  #stored(clusterId: string): Settings {
    const existing = this.byCluster.get(clusterId);
    if (existing) return existing;
    if (clusterId !== '' && !this.#state.clusters.clusters.has(clusterId)) {
      throw new ConnectError(`cluster ${clusterId} not found`, Code.NotFound);
    }
    const settings = create(SettingsSchema, {
      id: randomUUID(),
      ...(clusterId === '' ? {} : { clusterId }),
      modifiedAt: timestampNow(),
      logLevel: 'info',
      address: ':443',
      cookieName: '_pomerium',
      cookieSecret: randomBytes(32).toString('base64'),
      sharedSecret: randomBytes(32).toString('base64'),
      passIdentityHeaders: false,
      autoApplyChangesets: true,
    });
    this.byCluster.set(clusterId, settings);
    return settings;
  }

  #masked(settings: Settings): Settings {
    const view = clone(SettingsSchema, settings);
    for (const field of secretFields) if (view[field]) view[field] = fakeEnterpriseSecretMask;
    if (view.sshHostKeys) view.sshHostKeys.values = view.sshHostKeys.values.map(() => fakeEnterpriseSecretMask);
    return view;
  }

  /** GetSettings: the settings of a cluster (unset: the default one), secrets masked. */
  get(_account: FakeServiceAccount, clusterId: string | undefined): Settings {
    return this.#masked(this.#stored(clusterId ?? ''));
  }

  /** SetSettings: replaces the whole message of `settings.cluster_id`; masks written back keep stored secrets. */
  set(account: FakeServiceAccount, input: Settings | undefined): Settings {
    if (!input) throw new ConnectError('settings: required', Code.InvalidArgument);
    if (account.namespaceId !== undefined) {
      throw new ConnectError('only a global service account can change settings', Code.PermissionDenied);
    }
    const current = this.#stored(input.clusterId ?? '');
    const next = clone(SettingsSchema, input);
    next.id = current.id;
    next.modifiedAt = timestampNow();
    for (const field of secretFields) if (next[field] === fakeEnterpriseSecretMask) next[field] = current[field];
    if (next.sshHostKeys) {
      next.sshHostKeys.values = next.sshHostKeys.values.map((value, index) =>
        value === fakeEnterpriseSecretMask ? (current.sshHostKeys?.values[index] ?? '') : value,
      );
    }
    this.byCluster.set(input.clusterId ?? '', next);
    return this.#masked(next);
  }
}

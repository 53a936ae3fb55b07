import { type Client, createClient, type Transport } from '@connectrpc/connect';
import type { SettingsBackend } from '@pomerium-unified/core';
import { SettingsService } from '@pomerium-unified/enterprise-protos';
import { checkExpectedUpdatedAt } from './check-expected-updated-at.js';
import { settingsFromProto, settingsPatchToProto } from './convert-settings.js';
import { required, type WireCall, wireRpc } from './create-wire-call.js';
import type { KeyedSerializer } from './keyed-serializer.js';

/** The settings RPCs the adapter makes. */
const rpcs = {
  get: wireRpc('settings.get', SettingsService.method.getSettings, false),
  readForUpdate: wireRpc('settings.update', SettingsService.method.getSettings, false),
  update: wireRpc('settings.update', SettingsService.method.setSettings, true),
} as const;

/** What the settings operations share with the rest of the backend. */
export interface EnterpriseSettingsContext {
  /** The backend's wire call. */
  call: WireCall;
  /** The backend's transport. */
  transport: Transport;
  /** Per-attempt timeout, for operations of several RPCs. */
  timeoutMs: number;
  /** The backend's per-id serialiser of read-modify-write updates. */
  serialize: KeyedSerializer;
  /** The backend's cluster, used when a call names none (unset: the console's default cluster). */
  clusterId: string | undefined;
}

/**
 * The settings operations of the Enterprise backend (`SettingsService`): one
 * object per cluster. `SetSettings` has no mask, so an update reads the
 * settings right before writing the whole message back with the patch applied
 * (serialised per cluster through this backend).
 */
export function createEnterpriseSettings(context: EnterpriseSettingsContext): SettingsBackend {
  const { call, timeoutMs, serialize } = context;
  const client: Client<typeof SettingsService> = createClient(SettingsService, context.transport);
  const scope = (clusterId: string | undefined) => {
    const id = clusterId ?? context.clusterId;
    return id === undefined ? {} : { clusterId: id };
  };

  return {
    async get(request) {
      const rpc = rpcs.get;
      const response = await call(rpc, request, (o) => client.getSettings(scope(request.clusterId), o));
      return settingsFromProto(required(response.settings, rpc, 'settings'));
    },
    update(request) {
      const target = scope(request.clusterId);
      return serialize(`settings:${target.clusterId ?? ''}`, 'settings.update', request.signal, async () => {
        const deadline = Date.now() + timeoutMs;
        const read = rpcs.readForUpdate;
        const current = required(
          (await call(read, request, (o) => client.getSettings(target, o), deadline)).settings,
          read,
          'settings',
        );
        checkExpectedUpdatedAt(request.expectedUpdatedAt, current.modifiedAt, read.operation, 'settings');
        const settings = settingsPatchToProto(current, request.patch);
        const rpc = rpcs.update;
        const response = await call(rpc, request, (o) => client.setSettings({ settings }, o), deadline);
        return settingsFromProto(required(response.settings, rpc, 'settings'));
      });
    },
  };
}

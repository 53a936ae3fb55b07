import type { SettingsBackend } from '@pomerium-unified/core';
import {
  assertZeroSettingsPatch,
  settingsPatchNeedsRead,
  settingsPatchToJsonPatch,
  zeroSettingsToSettings,
} from './convert-settings.js';
import {
  assertUnchanged,
  type createZeroClusterResolver,
  type ZeroResourceRuntime,
  zeroContext,
} from './zero-resource-runtime.js';
import { parseZeroSettings } from './zero-resource-wire-schemas.js';
import type { ZeroSettings } from './zero-resource-wire-types.js';

/**
 * The settings operations of the Zero backend: one object per cluster
 * (`{org}/clusters/{cluster}/settings`), the call's `clusterId` or the
 * backend's `cluster` option; updates by JSON Patch, so only the named keys change.
 */
export function createZeroSettings(
  runtime: ZeroResourceRuntime,
  clusterOf: ReturnType<typeof createZeroClusterResolver>,
): SettingsBackend {
  return {
    async get(request) {
      const ctx = zeroContext('settings.get', request);
      const clusterId = await clusterOf(ctx, request.clusterId);
      const { organizationPath } = await runtime.scope(ctx);
      const path = `${organizationPath}clusters/${runtime.idSegment(clusterId, ctx.operation)}/settings`;
      return zeroSettingsToSettings(await runtime.call({ ...ctx, method: 'GET', path }, parseZeroSettings), clusterId);
    },

    async update(request) {
      const ctx = zeroContext('settings.update', request);
      assertZeroSettingsPatch(request.patch);
      const clusterId = await clusterOf(ctx, request.clusterId);
      const { organizationPath } = await runtime.scope(ctx);
      const path = `${organizationPath}clusters/${runtime.idSegment(clusterId, ctx.operation)}/settings`;
      let previous: ZeroSettings | undefined;
      if (request.expectedUpdatedAt !== undefined || settingsPatchNeedsRead(request.patch)) {
        previous = await runtime.call({ ...ctx, method: 'GET', path }, parseZeroSettings);
        assertUnchanged(
          `The settings of cluster ${clusterId}`,
          previous.updatedAt,
          request.expectedUpdatedAt,
          ctx.operation,
        );
      }
      const operations = settingsPatchToJsonPatch(request.patch, previous);
      const stored =
        operations.length === 0
          ? (previous ?? (await runtime.call({ ...ctx, method: 'GET', path }, parseZeroSettings)))
          : await runtime.call({ ...ctx, method: 'PATCH', path, body: operations }, parseZeroSettings);
      return zeroSettingsToSettings(stored, clusterId);
    },
  };
}

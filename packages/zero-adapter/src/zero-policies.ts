import type { ListPage, Policy, PomeriumBackend } from '@pomerium-unified/core';
import { policyPatchNeedsRead, policyPatchToJsonPatch } from './convert-json-patch.js';
import { policyToZeroPolicyProperties, zeroPolicyToPolicy } from './convert-policy.js';
import type { ZeroObjectRequests } from './zero-object-requests.js';
import { zeroContext } from './zero-resource-runtime.js';
import { parseZeroPolicies, parseZeroPolicy } from './zero-wire-schemas.js';
import type { ZeroPolicy } from './zero-wire-types.js';

/** The policy operations of the Zero backend (`{org}/policies`): one request each, updates as JSON Patch. */
export function createZeroPolicies(requests: ZeroObjectRequests): PomeriumBackend['policies'] {
  return {
    async list(request): Promise<ListPage<Policy>> {
      const items = await requests.listPage('policies', request, parseZeroPolicies);
      return { items: items.map(zeroPolicyToPolicy) };
    },
    async get(request) {
      return zeroPolicyToPolicy(await requests.getOne('policies', request, 'policies.get', parseZeroPolicy));
    },
    async create(request) {
      const body = policyToZeroPolicyProperties(request.input);
      return zeroPolicyToPolicy(
        await requests.postWire('policies', body, zeroContext('policies.create', request), parseZeroPolicy),
      );
    },
    async update(request) {
      const ctx = zeroContext('policies.update', request);
      return requests.single('policies', request.id, ctx, async () =>
        zeroPolicyToPolicy(
          await requests.patchWire<ZeroPolicy, typeof request.patch>(
            'policies',
            request,
            policyPatchNeedsRead,
            policyPatchToJsonPatch,
            parseZeroPolicy,
          ),
        ),
      );
    },
    async delete(request) {
      const ctx = zeroContext('policies.delete', request);
      await requests.single('policies', request.id, ctx, () => requests.deleteWire('policies', request.id, ctx));
    },
  };
}

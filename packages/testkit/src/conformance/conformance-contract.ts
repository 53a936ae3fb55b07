import { describe, expect, it } from 'vitest';
import type { ConformanceSuite } from './conformance-suite.js';

/** Registers the conformance tests of the backend contract: specification version, name and declared capabilities. */
export function registerContractConformance(suite: ConformanceSuite): void {
  describe('contract', () => {
    it('implements specification v1 with a name', () => {
      expect(suite.context().backend.specificationVersion).toBe('v1');
      expect(suite.context().backend.name).toMatch(/^[a-z][a-z0-9-]*$/);
    });

    it('declares the expected capabilities', () => {
      expect(typeof suite.capabilities().writeNamespaces).toBe('boolean');
      expect(typeof suite.capabilities().listTotalCount).toBe('boolean');
      expect(typeof suite.capabilities().multipleHealthChecks).toBe('boolean');
      if (suite.options.capabilities) expect(suite.capabilities()).toMatchObject(suite.options.capabilities);
    });
  });
}

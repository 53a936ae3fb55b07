import type { PomeriumClient } from '@pomerium-unified/core';
import type { PomeriumConfig } from './config-document.js';
import { unimplemented } from './unimplemented.js';

/** Options of {@link exportConfig}. */
export interface ExportConfigOptions {
  /** Only these namespace paths and the namespaces below them. Default: everything. */
  namespaces?: string[];
  /** Keep secret values instead of replacing them with a marker. */
  includeSecrets?: boolean;
  /** Aborts the export. */
  signal?: AbortSignal;
}

/** Reads a deployment into a versioned, backend-neutral document. */
export async function exportConfig(
  _client: PomeriumClient,
  _options: ExportConfigOptions = {},
): Promise<PomeriumConfig> {
  return unimplemented('exportConfig');
}

import type { PomeriumConfig } from './config-document.js';
import { unimplemented } from './unimplemented.js';

/** Text formats of a configuration document. */
export type ConfigFormat = 'yaml' | 'json';

/** Writes a document as YAML (default) or JSON. */
export function stringifyConfig(_config: PomeriumConfig, _options: { format?: ConfigFormat } = {}): string {
  return unimplemented('stringifyConfig');
}

/** Reads and validates a YAML or JSON document; `invalid_argument` naming the line and the field when it is wrong. */
export function parseConfig(_text: string, _options: { format?: ConfigFormat; source?: string } = {}): PomeriumConfig {
  return unimplemented('parseConfig');
}

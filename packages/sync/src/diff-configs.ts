import type { PomeriumConfig } from './config-document.js';
import type { FieldChange, SyncObjectKind } from './sync-plan.js';
import { unimplemented } from './unimplemented.js';

/** One object that differs between two documents. */
export interface ConfigDifference {
  /** `added`: only in `b`; `removed`: only in `a`; `changed`: in both, with field changes. */
  change: 'added' | 'removed' | 'changed';
  /** The kind of object. */
  kind: SyncObjectKind;
  /** Its key (after `namespaceMap` for `a`). */
  key: string;
  /** For `changed`: the fields, `before` from `a`, `after` from `b`. */
  fields?: FieldChange[];
}

/** The differences between two documents. */
export interface ConfigDiff {
  /** True when nothing differs. */
  equal: boolean;
  /** The differences, by kind then key. */
  differences: ConfigDifference[];
}

/** Compares two documents by meaning (PPL by meaning, defaults equal to absent). */
export function diffConfigs(
  _a: PomeriumConfig,
  _b: PomeriumConfig,
  _options: { namespaceMap?: Record<string, string> } = {},
): ConfigDiff {
  return unimplemented('diffConfigs');
}

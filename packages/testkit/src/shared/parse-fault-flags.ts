import { type FaultOptions, parseFaultKinds, validateFaultOptions } from './fault-injector.js';

/** The fault flags both fake console CLIs accept. */
export const faultFlagOptions = {
  'fault-rate': { type: 'string' },
  'fault-kinds': { type: 'string' },
  'fault-seed': { type: 'string' },
} as const;

/** Usage text of the fault flags. */
export const faultFlagUsage = `  --fault-rate <0..1>     inject faults into this share of requests (default: none)
  --fault-kinds <list>    comma-separated: unavailable, rate_limited, reset_before_commit,
                          reset_after_commit, stall, slow_body, wrong_shape (default: all)
  --fault-seed <integer>  seed of the fault sequence (default: random, printed)`;

/** Turns `--fault-rate`, `--fault-kinds` and `--fault-seed` into fault options; undefined without `--fault-rate`. */
export function parseFaultFlags(values: {
  'fault-rate'?: string | undefined;
  'fault-kinds'?: string | undefined;
  'fault-seed'?: string | undefined;
}): FaultOptions | undefined {
  if (values['fault-rate'] === undefined) {
    if (values['fault-kinds'] !== undefined || values['fault-seed'] !== undefined) {
      throw new TypeError('--fault-kinds and --fault-seed need --fault-rate');
    }
    return undefined;
  }
  const options: FaultOptions = { rate: Number(values['fault-rate']) };
  if (values['fault-kinds'] !== undefined) options.kinds = parseFaultKinds(values['fault-kinds']);
  if (values['fault-seed'] !== undefined) options.seed = Number(values['fault-seed']);
  validateFaultOptions(options);
  return options;
}

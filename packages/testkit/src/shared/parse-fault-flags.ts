import { type FaultOptions, parseFaultKinds, validateFaultOptions } from './fault-injector.js';

/** The fault flags both fake console CLIs accept. */
export const faultFlagOptions = {
  'fault-rate': { type: 'string' },
  'fault-kinds': { type: 'string' },
  'fault-seed': { type: 'string' },
  'fault-stall-ms': { type: 'string' },
  'fault-slow-body-ms': { type: 'string' },
  'fault-retry-after-seconds': { type: 'string' },
} as const;

/** Usage text of the fault flags. */
export const faultFlagUsage = `  --fault-rate <0..1>     inject faults into this share of requests (default: none)
  --fault-kinds <list>    comma-separated: unavailable, rate_limited, reset_before_commit,
                          reset_after_commit, stall, slow_body, wrong_shape (default: all)
  --fault-seed <integer>  seed of the fault sequence (default: random, printed)
  --fault-stall-ms <ms>   how long a stall holds a request before resetting it (default 30000)
  --fault-slow-body-ms <ms>            over how long a slow body trickles (default 2000)
  --fault-retry-after-seconds <s>      Retry-After of a rate_limited answer (default 1)`;

/** Turns `--fault-rate`, `--fault-kinds` and `--fault-seed` into fault options; undefined without `--fault-rate`. */
export function parseFaultFlags(values: {
  'fault-rate'?: string | undefined;
  'fault-kinds'?: string | undefined;
  'fault-seed'?: string | undefined;
  'fault-stall-ms'?: string | undefined;
  'fault-slow-body-ms'?: string | undefined;
  'fault-retry-after-seconds'?: string | undefined;
}): FaultOptions | undefined {
  const numbers = {
    stallMs: values['fault-stall-ms'],
    slowBodyMs: values['fault-slow-body-ms'],
    retryAfterSeconds: values['fault-retry-after-seconds'],
  };
  if (values['fault-rate'] === undefined) {
    if (Object.entries(values).some(([flag, value]) => flag.startsWith('fault-') && value !== undefined)) {
      throw new TypeError('the --fault-* flags need --fault-rate');
    }
    return undefined;
  }
  const options: FaultOptions = { rate: Number(values['fault-rate']) };
  if (values['fault-kinds'] !== undefined) options.kinds = parseFaultKinds(values['fault-kinds']);
  if (values['fault-seed'] !== undefined) options.seed = Number(values['fault-seed']);
  for (const [field, value] of Object.entries(numbers) as [keyof typeof numbers, string | undefined][]) {
    if (value !== undefined) options[field] = Number(value);
  }
  validateFaultOptions(options);
  return options;
}

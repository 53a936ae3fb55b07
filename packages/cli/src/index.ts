// pomerium-unified: the CLI as a function, for tests, demos and wrappers.
export { CliError } from './cli-error.js';
export { type CliIo, type CliOutput, processIo } from './cli-io.js';
export { type ExitCode, exitCodes } from './exit-codes.js';
export { type JsonResult, jsonFormatVersion } from './json-result.js';
export { cliVersion, run } from './run.js';

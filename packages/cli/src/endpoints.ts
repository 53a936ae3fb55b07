import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import {
  type BackendKind,
  createNamedBackend,
  findProfilesFile,
  loadProfiles,
  type Profiles,
} from '@pomerium-unified/config';
import { createPomeriumClient, type PomeriumClient } from '@pomerium-unified/core';
import { type PomeriumConfig, parseConfig } from '@pomerium-unified/sync';
import { CliError } from './cli-error.js';
import type { CliIo } from './cli-io.js';
import { exitCodes } from './exit-codes.js';

/** A deployment an endpoint names, with a client over it. */
export interface DeploymentEndpoint {
  type: 'deployment';
  /** What the user wrote (`zero`, `enterprise`, a profile name). */
  name: string;
  /** Zero or Enterprise. */
  kind: BackendKind;
  /** The client. */
  client: PomeriumClient;
}

/** A configuration document an endpoint names (`file:<path>`). */
export interface FileEndpoint {
  type: 'file';
  /** What the user wrote. */
  name: string;
  /** The absolute path. */
  path: string;
  /** The parsed document. */
  config: PomeriumConfig;
}

/** A deployment or a document. */
export type Endpoint = DeploymentEndpoint | FileEndpoint;

/** The syntax of an endpoint, for help texts. */
export const endpointHelp = 'zero, enterprise (from POMERIUM_* variables), a profile name, or file:<path>';

/**
 * Opens endpoints for one command run and closes their clients at the end.
 * `zero` and `enterprise` read the environment; other names are profiles of
 * `pomerium-unified.yaml`; `file:<path>` is a YAML or JSON config document.
 */
export class EndpointResolver {
  readonly #io: CliIo;
  readonly #profilesPath: string | undefined;
  #profiles: Profiles | undefined;
  readonly #clients: PomeriumClient[] = [];

  constructor(io: CliIo, profilesPath?: string) {
    this.#io = io;
    this.#profilesPath = profilesPath;
  }

  /** Reads a config document from a path (with or without the `file:` prefix). */
  async readDocument(spec: string): Promise<FileEndpoint> {
    const path = resolve(this.#io.cwd, spec.startsWith('file:') ? spec.slice('file:'.length) : spec);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? 'unreadable';
      throw new CliError(`Cannot read ${path} (${reason})`, exitCodes.error);
    }
    const format = /\.json$/i.test(path) ? 'json' : 'yaml';
    return { type: 'file', name: spec, path, config: parseConfig(text, { format, source: path }) };
  }

  /** Opens a deployment or, when `allowFile`, a document. */
  async open(spec: string, options: { allowFile: boolean }): Promise<Endpoint> {
    if (spec.startsWith('file:')) {
      if (!options.allowFile) {
        throw new CliError(
          `${spec}: a file cannot be written to; name a deployment (${endpointHelp})`,
          exitCodes.error,
        );
      }
      return this.readDocument(spec);
    }
    return this.openDeployment(spec);
  }

  /** Opens a deployment: `zero`, `enterprise` or a profile name. */
  openDeployment(spec: string): DeploymentEndpoint {
    if (spec.startsWith('file:')) {
      throw new CliError(`${spec}: a deployment is needed here (${endpointHelp})`, exitCodes.error);
    }
    const named = createNamedBackend(spec, {
      env: this.#io.env,
      ...(spec === 'zero' || spec === 'enterprise' ? {} : { profiles: this.#loadProfiles() }),
    });
    const client = createPomeriumClient({ backend: named.backend });
    this.#clients.push(client);
    return { type: 'deployment', name: spec, kind: named.kind, client };
  }

  #loadProfiles(): Profiles | undefined {
    if (this.#profiles) return this.#profiles;
    const path = this.#profilesPath
      ? resolve(this.#io.cwd, this.#profilesPath)
      : findProfilesFile({ cwd: this.#io.cwd, env: this.#io.env });
    if (path) this.#profiles = loadProfiles(path);
    return this.#profiles;
  }

  /** Closes every client opened. */
  async close(): Promise<void> {
    await Promise.allSettled(this.#clients.map((client) => client.close()));
  }
}

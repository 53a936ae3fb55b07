import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GenericContainer, StartedTestContainer } from 'testcontainers';

/** Options shared by the container helpers. */
export interface FakeConsoleContainerOptions {
  /** A ready-built image of the testkit's `Dockerfile`. Default: build it from the installed package. */
  image?: string;
  /**
   * The build context. Default: the installed testkit package directory (with its `Dockerfile`), or, inside the
   * pomerium-unified repository, the repository root (with `packages/testkit/Dockerfile.workspace`).
   */
  buildContext?: string;
  /** The Dockerfile, relative to the build context. Default: as described for `buildContext`. */
  dockerfile?: string;
}

/** A fake Zero console running in a container. */
export interface FakeZeroContainer {
  /** Base URL on the host: pass it as `apiUrl`. */
  url: string;
  /** The API user token the console accepts. */
  apiUserToken: string;
  /** Stops and removes the container. */
  stop(): Promise<void>;
}

/** A fake Enterprise console running in a container. */
export interface FakeEnterpriseContainer {
  /** Base URL on the host: pass it as `url`. */
  url: string;
  /** The PEM CA certificate of the console, to pass as `tls.ca`. */
  ca: string;
  /** The service account token the console accepts. */
  serviceAccountToken: string;
  /** Stops and removes the container. */
  stop(): Promise<void>;
}

/** Whether a container runtime (Docker, Podman, …) can be reached, and why not. */
export interface ContainerRuntimeProbe {
  /** True when containers can be started. */
  available: boolean;
  /** Why not, when unavailable. */
  reason?: string;
}

/** The testkit package directory (this file is `src/containers/…` or `dist/containers/…` in it). */
function packageRoot(): string {
  return join(dirname(fileURLToPath(import.meta.url)), '../..');
}

/** Where to build the image from: the installed package, or the repository when running from its sources. */
function buildSource(options: FakeConsoleContainerOptions): { context: string; dockerfile: string; tag: string } {
  const root = packageRoot();
  const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version?: string }).version;
  const repository = join(root, '../..');
  const inWorkspace = existsSync(join(repository, 'pnpm-workspace.yaml')) && existsSync(join(root, 'src'));
  const context = options.buildContext ?? (inWorkspace ? repository : root);
  const dockerfile = options.dockerfile ?? (inWorkspace ? 'packages/testkit/Dockerfile.workspace' : 'Dockerfile');
  return {
    context,
    dockerfile,
    tag: `pomerium-unified-fake-consoles:${version ?? 'local'}${inWorkspace ? '-workspace' : ''}`,
  };
}

/**
 * Asks testcontainers for a container runtime. On a machine without one it
 * answers quickly with `available: false` and the reason, so tests can report
 * themselves skipped instead of passing vacuously.
 */
export async function probeContainerRuntime(): Promise<ContainerRuntimeProbe> {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
    return { available: true };
  } catch (error) {
    return { available: false, reason: error instanceof Error ? error.message : String(error) };
  }
}

let builtImage: Promise<string> | undefined;

async function fakeConsoleImage(options: FakeConsoleContainerOptions): Promise<GenericContainer> {
  const { GenericContainer } = await import('testcontainers');
  if (options.image) return new GenericContainer(options.image);
  const source = buildSource(options);
  builtImage ??= GenericContainer.fromDockerfile(source.context, source.dockerfile)
    .build(source.tag, { deleteOnExit: false })
    .then(() => source.tag);
  return new GenericContainer(await builtImage);
}

async function startConsole(
  options: FakeConsoleContainerOptions,
  port: number,
  command: string[],
): Promise<StartedTestContainer> {
  const { Wait } = await import('testcontainers');
  const image = await fakeConsoleImage(options);
  return image
    .withCommand(command)
    .withExposedPorts(port)
    .withWaitStrategy(Wait.forLogMessage(/listening on/))
    .start();
}

/** Starts the fake Zero console in a container (building the image on first use) and waits until it listens. */
export async function startFakeZeroContainer(options: FakeConsoleContainerOptions = {}): Promise<FakeZeroContainer> {
  const apiUserToken = `fake-api-user-${randomBytes(18).toString('base64url')}`;
  const container = await startConsole(options, 8080, [
    'bin/pomerium-fake-zero.js',
    '--host',
    '0.0.0.0',
    '--port',
    '8080',
    '--token',
    apiUserToken,
  ]);
  return {
    url: `http://${container.getHost()}:${container.getMappedPort(8080)}`,
    apiUserToken,
    async stop() {
      await container.stop();
    },
  };
}

/** Starts the fake Enterprise console (gRPC over TLS) in a container and reads its CA certificate back. */
export async function startFakeEnterpriseContainer(
  options: FakeConsoleContainerOptions = {},
): Promise<FakeEnterpriseContainer> {
  const serviceAccountToken = `fake-sa-${randomBytes(18).toString('base64url')}`;
  const container = await startConsole(options, 50051, [
    'bin/pomerium-fake-enterprise.js',
    '--host',
    '0.0.0.0',
    '--port',
    '50051',
    '--token',
    serviceAccountToken,
    '--ca-file',
    '/tmp/fake-enterprise-ca.pem',
  ]);
  const { output, exitCode } = await container.exec(['cat', '/tmp/fake-enterprise-ca.pem']);
  if (exitCode !== 0) {
    await container.stop();
    throw new Error(`Could not read the CA certificate from the fake Enterprise container: ${output}`);
  }
  return {
    url: `https://${container.getHost()}:${container.getMappedPort(50051)}`,
    ca: output,
    serviceAccountToken,
    async stop() {
      await container.stop();
    },
  };
}

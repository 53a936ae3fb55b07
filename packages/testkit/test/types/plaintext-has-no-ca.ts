// Must NOT compile under exactOptionalPropertyTypes: a plaintext console has no CA (`string | undefined`).
import { startFakeEnterpriseConsole } from '../../src/index.js';

interface AdapterTlsOptions {
  ca?: string | Buffer;
}

export async function plaintext(): Promise<AdapterTlsOptions> {
  const fake = await startFakeEnterpriseConsole({ tls: false });
  return { ca: fake.ca };
}

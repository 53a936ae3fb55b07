import type { PomeriumClient } from '@pomerium-unified/core';
import type { PomeriumConfig } from './config-document.js';
import type { EntryBackend } from './config-entries.js';
import { isWithinPath } from './config-keys.js';
import { readServiceAccounts, type ServiceAccountsRead, serviceAccountEntries } from './export-service-accounts.js';
import { readSettings, type SettingsRead, settingsEntry } from './export-settings.js';

/** Which of the settings and service accounts to read (both by default). */
export interface ExtrasSelection {
  /** Read the settings of the client's scope. Default true. */
  settings?: boolean;
  /** List the service accounts. Default true. */
  serviceAccounts?: boolean;
}

/** The settings and service accounts of a deployment, as read (either may be unavailable, or not asked for). */
export interface DeploymentExtras {
  settings?: SettingsRead;
  serviceAccounts?: ServiceAccountsRead;
}

/** Reads the settings and the service accounts of a deployment in parallel (what the selection asks for). */
export async function readDeploymentExtras(
  client: PomeriumClient,
  selection: ExtrasSelection,
  signal?: AbortSignal,
): Promise<DeploymentExtras> {
  const [settings, serviceAccounts] = await Promise.all([
    selection.settings === false ? undefined : readSettings(client, signal),
    selection.serviceAccounts === false ? undefined : readServiceAccounts(client, signal),
  ]);
  return { ...(settings ? { settings } : {}), ...(serviceAccounts ? { serviceAccounts } : {}) };
}

/**
 * Adds the settings and service accounts to a document built from the same
 * deployment: secrets as markers unless `includeSecrets`; accounts outside the
 * selected namespaces left out (accounts without a namespace always kept);
 * settings with no field set left out. `serviceAccounts` is set (maybe empty)
 * whenever the accounts could be listed, so a diff can tell "none" from "unknown".
 * `onNotice` hears why a part could not be read.
 */
export function addDeploymentExtras(
  config: PomeriumConfig,
  extras: DeploymentExtras,
  paths: ReadonlyMap<string, string>,
  options: {
    includeSecrets: boolean;
    /** The backend the deployment was read from (its declared read-only extension keys). */
    reader: EntryBackend;
    namespaces?: string[];
    onNotice?: (message: string) => void;
  },
): PomeriumConfig {
  if (extras.settings?.unavailable !== undefined) {
    options.onNotice?.(`Settings not exported: ${extras.settings.unavailable}`);
  } else if (extras.settings) {
    const settings = settingsEntry(extras.settings.settings, options.includeSecrets);
    if (Object.keys(settings).length > 0) config.settings = settings;
  }
  if (extras.serviceAccounts?.unavailable !== undefined) {
    options.onNotice?.(`Service accounts not exported: ${extras.serviceAccounts.unavailable}`);
  } else if (extras.serviceAccounts) {
    const selection = options.namespaces;
    const accounts = serviceAccountEntries(extras.serviceAccounts.serviceAccounts, paths, options.reader).filter(
      (entry) =>
        !selection || entry.namespace === undefined || selection.some((path) => isWithinPath(entry.namespace!, path)),
    );
    config.serviceAccounts = accounts;
  }
  return config;
}

import { constants } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { PomeriumError, type Secret } from '@pomerium-unified/core';

/** One line of a token file. */
export interface IssuedTokenEntry {
  /** The bare user id of the account. */
  userId: string;
  /** The account's id on the target. */
  id: string;
  /** The new token. */
  token: Secret;
}

/**
 * A token file opened for writing (mode 0600): one JSON object per line,
 * appended as accounts are created (one append at a time).
 */
export interface TokenFile {
  /** The file's path. */
  readonly path: string;
  /** Appends one token and flushes it to disk, so a token is not lost when a later step fails. */
  append(entry: IssuedTokenEntry): Promise<void>;
  /** Closes the file. */
  close(): Promise<void>;
}

/**
 * Opens the file that receives new service-account tokens: created with mode
 * 0600, refused (`already_exists`, naming `field`) when it exists unless
 * `overwrite`. Call it before the first create, so a refusal writes nothing.
 * Each line is `{"userId":…,"id":…,"token":…}`; tokens go nowhere else.
 */
export async function openTokenFile(
  path: string,
  overwrite: boolean,
  field = 'serviceAccountTokenFile',
): Promise<TokenFile> {
  if (typeof path !== 'string' || path === '') {
    throw new PomeriumError(`${field} must name a file`, { code: 'invalid_argument', field });
  }
  let handle: FileHandle;
  try {
    const flags = constants.O_WRONLY | constants.O_CREAT | (overwrite ? constants.O_TRUNC : constants.O_EXCL);
    handle = await open(path, flags, 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException)?.code === 'EEXIST') {
      throw new PomeriumError(`The token file ${path} exists already; refusing to overwrite it`, {
        code: 'already_exists',
        field,
      });
    }
    throw new PomeriumError(`Cannot open the token file ${path}: ${(error as Error)?.message ?? String(error)}`, {
      code: 'failed_precondition',
      field,
    });
  }
  // An existing file kept its mode when opened: tokens are for the owner only.
  await handle.chmod(0o600);
  // Writes to one handle must not overlap: appends run one after the other.
  let queue: Promise<unknown> = Promise.resolve();
  return {
    path,
    append(entry) {
      const write = queue.then(async () => {
        const line = JSON.stringify({ userId: entry.userId, id: entry.id, token: entry.token.reveal() });
        await handle.write(`${line}\n`);
        await handle.datasync();
      });
      queue = write.catch(() => undefined);
      return write;
    },
    async close() {
      await queue;
      await handle.close();
    },
  };
}

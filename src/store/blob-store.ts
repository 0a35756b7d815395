import { createHash, randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { link, mkdir, open, readFile, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** Where a blob lives: its SHA-256 (hex), which is also its name. */
export interface BlobRef {
  sha256: string;
  size: number;
}

/**
 * Content-addressed, write-once storage for raw mail, attachments and letters. Storing the same
 * bytes twice is a no-op; a stored blob is never changed. Everything the pipeline acts on is put
 * here first, so nothing that arrived can be lost by a later failure.
 */
export interface BlobStore {
  put(bytes: Uint8Array): Promise<BlobRef & { created: boolean }>;
  get(sha256: string): Promise<Uint8Array>;
  has(sha256: string): Promise<boolean>;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

export class BlobNotFound extends Error {
  override readonly name = 'BlobNotFound';
}

/** Blobs as files under `<root>/ab/cd/<sha256>`, written durably (fsync) before `put` resolves. */
export function createFileBlobStore(root: string): BlobStore {
  const pathOf = (sha256: string): string => {
    if (!SHA256_HEX.test(sha256))
      throw new Error(`not a SHA-256 blob name: ${sha256.slice(0, 80)}`);
    return join(root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  };
  return {
    async put(bytes) {
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const target = pathOf(sha256);
      if (await exists(target)) return { sha256, size: bytes.byteLength, created: false };
      await mkdir(dirname(target), { recursive: true });
      // Write a private temporary file, flush it, then link it into place: readers never see a
      // partial blob, and a concurrent writer of the same content simply finds it there.
      const temporary = `${target}.${randomBytes(6).toString('hex')}.tmp`;
      const handle = await open(
        temporary,
        constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY,
        0o440,
      );
      try {
        await handle.writeFile(bytes);
        await handle.sync();
      } finally {
        await handle.close();
      }
      let created = true;
      try {
        await link(temporary, target);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        created = false;
      } finally {
        await rm(temporary, { force: true });
      }
      const directory = await open(dirname(target), 'r');
      try {
        await directory.sync();
      } finally {
        await directory.close();
      }
      return { sha256, size: bytes.byteLength, created };
    },
    async get(sha256) {
      try {
        return new Uint8Array(await readFile(pathOf(sha256)));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT')
          throw new BlobNotFound(`blob ${sha256} is not stored`);
        throw error;
      }
    },
    has: (sha256) => exists(pathOf(sha256)),
  };
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

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
  /** Streams bytes to disk while hashing them: for mail too large to hold in memory. */
  putStream(source: AsyncIterable<Uint8Array>): Promise<BlobRef & { created: boolean }>;
  get(sha256: string): Promise<Uint8Array>;
  has(sha256: string): Promise<boolean>;
  /** Deletes a blob past its retention (the caller checked nothing kept refers to it). */
  remove(sha256: string): Promise<boolean>;
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
  /** Flushes a complete temporary file and links it under its hash; the temporary file goes. */
  const commit = async (
    temporary: string,
    sha256: string,
    size: number,
  ): Promise<BlobRef & { created: boolean }> => {
    const target = pathOf(sha256);
    await mkdir(dirname(target), { recursive: true });
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
    return { sha256, size, created };
  };
  // Write a private temporary file, flush it, then link it into place: readers never see a
  // partial blob, and a concurrent writer of the same content simply finds it there.
  const temporaryFile = async (): Promise<{
    path: string;
    handle: Awaited<ReturnType<typeof open>>;
  }> => {
    await mkdir(join(root, 'tmp'), { recursive: true });
    const path = join(root, 'tmp', `${randomBytes(8).toString('hex')}.tmp`);
    return {
      path,
      handle: await open(path, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, 0o440),
    };
  };
  return {
    async put(bytes) {
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      if (await exists(pathOf(sha256))) return { sha256, size: bytes.byteLength, created: false };
      const { path, handle } = await temporaryFile();
      try {
        await handle.writeFile(bytes);
        await handle.sync();
      } finally {
        await handle.close();
      }
      return commit(path, sha256, bytes.byteLength);
    },
    async putStream(source) {
      const hash = createHash('sha256');
      let size = 0;
      const { path, handle } = await temporaryFile();
      try {
        for await (const chunk of source) {
          hash.update(chunk);
          size += chunk.byteLength;
          await handle.write(chunk);
        }
        await handle.sync();
      } catch (error) {
        await handle.close();
        await rm(path, { force: true });
        throw error;
      }
      await handle.close();
      return commit(path, hash.digest('hex'), size);
    },
    async remove(sha256) {
      const path = pathOf(sha256);
      if (!(await exists(path))) return false;
      await rm(path, { force: true });
      return true;
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

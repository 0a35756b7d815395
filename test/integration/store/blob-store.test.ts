import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BlobNotFound, createFileBlobStore } from '../../../src/store/blob-store.js';

const roots: string[] = [];
function store() {
  const root = mkdtempSync(join(tmpdir(), 'intake-blobs-'));
  roots.push(root);
  return { root, blobs: createFileBlobStore(root) };
}
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

describe('content-addressed blob store', () => {
  it('when bytes are stored, then they come back by their SHA-256 and the file is read-only', async () => {
    const { root, blobs } = store();
    const bytes = new TextEncoder().encode('From: iestade@institution-a.test\r\n\r\nSveiki');
    const ref = await blobs.put(bytes);
    expect(ref).toEqual({
      sha256: createHash('sha256').update(bytes).digest('hex'),
      size: bytes.byteLength,
      created: true,
    });
    expect(await blobs.get(ref.sha256)).toEqual(bytes);
    const file = join(root, ref.sha256.slice(0, 2), ref.sha256.slice(2, 4), ref.sha256);
    expect(statSync(file).mode & 0o777).toBe(0o440);
  });

  it('when the same bytes are stored again, even concurrently, then one blob exists and no temporary file is left', async () => {
    const { root, blobs } = store();
    const bytes = new Uint8Array(100_000).fill(7);
    const results = await Promise.all(Array.from({ length: 8 }, () => blobs.put(bytes)));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    const sha = results[0]?.sha256 ?? '';
    expect(readdirSync(join(root, sha.slice(0, 2), sha.slice(2, 4)))).toEqual([sha]);
  });

  it('when a blob is missing or the name is not a hash, then it says so instead of reading elsewhere', async () => {
    const { blobs } = store();
    await expect(blobs.get('0'.repeat(64))).rejects.toBeInstanceOf(BlobNotFound);
    await expect(blobs.get('../../etc/passwd')).rejects.toThrow(/not a SHA-256 blob name/);
    expect(await blobs.has('f'.repeat(64))).toBe(false);
  });
});

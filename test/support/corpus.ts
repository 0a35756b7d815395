import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The shared conformance corpus: other projects' test data, read in place, never copied. */
export const CORPUS_DIR = resolve(
  process.env.INTAKE_CORPUS_DIR ?? join(process.cwd(), '..', 'shared', 'corpus'),
);

export interface CorpusEntry {
  file: string;
  format: 'PAdES' | 'ASiC-E' | 'ASiC-S';
  expected: 'valid' | 'invalid' | 'indeterminate';
  expectedIndication?: string;
  expectedSubIndication?: string;
  reason?: string;
  trustAnchors: string[];
}

export function corpusAvailable(): boolean {
  return existsSync(join(CORPUS_DIR, 'manifest.json'));
}

export function readCorpus(): CorpusEntry[] {
  return JSON.parse(readFileSync(join(CORPUS_DIR, 'manifest.json'), 'utf8')) as CorpusEntry[];
}

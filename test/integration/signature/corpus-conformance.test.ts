import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTrustStore } from '../../../src/adapters/trust-files.js';
import {
  createVerifyContext,
  verifyDocument,
  type DocumentReport,
} from '../../../src/signature/index.js';
import { CORPUS_DIR, corpusAvailable, readCorpus, type CorpusEntry } from '../../support/corpus.js';

/**
 * The verifier against real signed files other projects published (../shared/corpus): with each
 * entry's own trust anchors, offline. What must never happen: a file known to be invalid reported
 * TOTAL_PASSED or accepted; a file known to be valid reported TOTAL_FAILED. Real certificates have
 * expired since and revocation was checked live by the sources, so INDETERMINATE is allowed.
 */
const available = corpusAvailable();
if (!available)
  console.warn(
    `conformance corpus not found at ${CORPUS_DIR} (set INTAKE_CORPUS_DIR); corpus tests skipped`,
  );

interface Row {
  entry: CorpusEntry;
  report: DocumentReport;
}

function documentIndication(report: DocumentReport): string {
  if (report.signatures.length === 0)
    return report.checks.some((c) => c.status === 'failed') ? 'TOTAL_FAILED' : 'NO_SIGNATURE';
  if (report.signatures.some((s) => s.indication === 'TOTAL_FAILED')) return 'TOTAL_FAILED';
  if (report.signatures.some((s) => s.indication === 'INDETERMINATE')) return 'INDETERMINATE';
  return report.checks.some((c) => c.status === 'failed') ? 'TOTAL_FAILED' : 'TOTAL_PASSED';
}

const verdictOf = (indication: string): string =>
  indication === 'TOTAL_PASSED'
    ? 'valid'
    : indication === 'TOTAL_FAILED'
      ? 'invalid'
      : 'indeterminate';

/** Entries share trust setups; each distinct one is loaded once, as one `intake verify` run would. */
const trustStores = new Map<string, ReturnType<typeof loadTrustStore>>();

async function verifyEntry(entry: CorpusEntry): Promise<Row> {
  const key = entry.trustAnchors.join('\n');
  let trust = trustStores.get(key);
  if (!trust) {
    const anchors = entry.trustAnchors
      .filter((p) => !p.endsWith('.xml'))
      .map((p) => join(CORPUS_DIR, p));
    const lists = entry.trustAnchors
      .filter((p) => p.endsWith('.xml'))
      .map((p) => join(CORPUS_DIR, p));
    trust = loadTrustStore(anchors, lists);
    trustStores.set(key, trust);
  }
  const ctx = createVerifyContext({ trust, offline: true });
  const bytes = new Uint8Array(readFileSync(join(CORPUS_DIR, 'files', entry.file)));
  return { entry, report: await verifyDocument(entry.file, bytes, ctx) };
}

describe.runIf(available)('conformance with the shared corpus', () => {
  const entries = available ? readCorpus() : [];
  const rows: Row[] = [];

  it('verifies every corpus file without a crash', async () => {
    for (const entry of entries) rows.push(await verifyEntry(entry));
    expect(rows).toHaveLength(entries.length);
    const lines = rows.map(({ entry, report }) => {
      const got = documentIndication(report);
      const agree = verdictOf(got) === entry.expected ? 'agree' : '';
      const sub = report.signatures.map((s) => s.subIndication ?? '').filter(Boolean)[0] ?? '';
      return `${entry.expected.padEnd(13)} ${got.padEnd(13)} ${sub.padEnd(28)} ${report.accepted ? 'ACCEPTED' : '        '} ${agree.padEnd(5)} ${entry.file}`;
    });
    const agreeing = rows.filter(
      ({ entry, report }) => verdictOf(documentIndication(report)) === entry.expected,
    ).length;
    console.log(
      `expected      ours          sub-indication               accepted agree file\n${lines.join('\n')}\nagreement: ${agreeing}/${rows.length}`,
    );
  }, 300_000);

  it('reports no file known to be invalid as TOTAL_PASSED or accepted', () => {
    const falseAccepts = rows
      .filter(({ entry }) => entry.expected === 'invalid')
      .filter(({ report }) => report.accepted || documentIndication(report) === 'TOTAL_PASSED')
      .map(({ entry }) => entry.file);
    expect(falseAccepts).toEqual([]);
  });

  it('reports no file known to be valid as TOTAL_FAILED', () => {
    const falseRejects = rows
      .filter(({ entry }) => entry.expected === 'valid')
      .filter(({ report }) => report.signatures.some((s) => s.indication === 'TOTAL_FAILED'))
      .map(
        ({ entry, report }) =>
          `${entry.file}: ${report.signatures.flatMap((s) => s.errors).join(' | ')}`,
      );
    expect(falseRejects).toEqual([]);
  });
});

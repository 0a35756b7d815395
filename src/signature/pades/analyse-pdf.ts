import { failed, passed, warning, type Check } from '../check.js';
import { checkByteRange, onlyWhitespaceAfter } from './byte-range-checks.js';
import { classifyChanges, primaryKind } from './classify-changes.js';
import { findSignatures, type FoundSignature } from './find-signatures.js';
import { MAX_SIGNATURE_CONTENTS_BYTES } from './limits.js';
import { objectRoles, type RoleMap } from './object-roles.js';
import { parsePdfDate } from './pdf-date.js';
import { PdfDocument } from './pdf-document.js';
import { asName, asText } from './pdf-object.js';
import { readDocMdp } from './read-doc-mdp.js';
import { readDss } from './read-dss.js';
import { scanObjects } from './scan-objects.js';
import { extractDer } from './signature-contents.js';
import type { CoverageVerdict, PdfAnalysis, PdfChange, PdfSignature } from './types.js';

export { PdfFormatError } from './pdf-format-error.js';
export type * from './types.js';

/** ZIP end of central directory record ("PK\5\6"): what makes a ZIP reader open a file. */
const ZIP_END_RECORD = Buffer.from([0x50, 0x4b, 0x05, 0x06]);

/** Unsigned bytes after the PDF that ZIP readers would open as an archive (a PDF/ZIP polyglot). */
const holdsZipArchive = (trailing: Uint8Array): boolean =>
  Buffer.from(trailing.buffer, trailing.byteOffset, trailing.byteLength).includes(ZIP_END_RECORD);

/** Object numbers defined twice inside one revision's own bytes, per revision. */
const duplicatesByRevision = (doc: PdfDocument): Map<number, number[]> => {
  const result = new Map<number, number[]>();
  const seen = new Map<number, Set<number>>();
  for (const object of scanObjects(doc)) {
    const revision = doc.revisions.find((r) => object.start >= r.start && object.start < r.end);
    if (revision === undefined) continue;
    const nums = seen.get(revision.index) ?? new Set<number>();
    seen.set(revision.index, nums);
    if (nums.has(object.num))
      result.set(revision.index, [...(result.get(revision.index) ?? []), object.num]);
    nums.add(object.num);
  }
  return result;
};

const verdictOf = (
  coverage: readonly Check[],
  reachable: boolean,
  isLast: boolean,
  changes: readonly PdfChange[],
): CoverageVerdict => {
  if (!reachable || coverage.some((c) => c.status === 'failed')) return 'broken';
  if (isLast) return 'whole-document';
  if (changes.some((c) => c.verdict === 'disallowed')) return 'disallowed-changes';
  if (changes.some((c) => c.verdict === 'form-fill')) return 'form-fill-changes';
  return 'permitted-changes-only';
};

/**
 * Reads a whole PDF and reports, for each signature, what it covers and what changed after it.
 * Pure: bytes in, facts out. Throws `PdfFormatError` only when the file cannot be read as a PDF
 * or a limit is exceeded; everything suspicious but readable comes back as a check.
 */
export const analysePdf = (bytes: Uint8Array): PdfAnalysis => {
  const doc = new PdfDocument(bytes);
  const final = doc.finalRevision;
  for (const revision of doc.revisions) {
    for (const section of revision.sections) {
      if (section.duplicateEntries.length > 0) {
        doc.addProblem(
          failed(
            'pdf.xref.duplicate-entry',
            `revision ${revision.index} lists object(s) ${section.duplicateEntries.slice(0, 10).join(', ')} twice in one xref section`,
          ),
        );
      }
    }
  }
  if (!onlyWhitespaceAfter(bytes, final.end)) {
    doc.addProblem(
      holdsZipArchive(bytes.subarray(final.end))
        ? failed(
            'pdf.structure.polyglot',
            'the bytes after the last %%EOF are a ZIP archive: the file is also a ZIP, which shows other content than the signed PDF',
          )
        : warning(
            'pdf.structure.trailing-bytes',
            'bytes follow the last %%EOF that no revision owns',
          ),
    );
  }
  const duplicates = duplicatesByRevision(doc);
  for (const [revision, nums] of duplicates) {
    doc.addProblem(
      warning(
        'pdf.structure.duplicate-object',
        `revision ${revision} defines object(s) ${nums.slice(0, 10).join(', ')} more than once`,
      ),
    );
  }

  const roleCache = new Map<number, RoleMap>();
  const rolesAt = (index: number): RoleMap => {
    const cached = roleCache.get(index) ?? objectRoles(doc, index);
    roleCache.set(index, cached);
    return cached;
  };

  const found = findSignatures(doc).sort((a, b) => endOf(a) - endOf(b));
  const signatures = found.map((signature): PdfSignature => {
    const { dict } = signature;
    const range = checkByteRange(dict, bytes.length, doc.revisions);
    const coverage = [...range.checks];
    const contentsValue = dict.entries.get('Contents');
    let contents: Uint8Array = new Uint8Array(0);
    if (contentsValue?.kind === 'string') {
      if (contentsValue.bytes.length > MAX_SIGNATURE_CONTENTS_BYTES) {
        coverage.push(
          failed(
            'pdf.signature.contents-der',
            `/Contents is larger than ${MAX_SIGNATURE_CONTENTS_BYTES} bytes`,
          ),
        );
      } else {
        const der = extractDer(contentsValue.bytes);
        contents = der.der;
        coverage.push(der.check);
      }
    } else {
      coverage.push(failed('pdf.signature.contents-der', '/Contents is not a string'));
    }
    coverage.push(
      signature.reachable
        ? passed('pdf.signature.reachable', "the final revision's form fields reach this signature")
        : failed(
            'pdf.signature.reachable',
            `signature dictionary ${signature.objectNumber} is not reached from the form fields (orphaned or wrapped)`,
          ),
    );
    if (!signature.reachable) {
      doc.addProblem(
        failed(
          'pdf.signature.orphaned',
          `signature dictionary in object ${signature.objectNumber} at byte ${signature.physicalOffset} is not used by the document`,
        ),
      );
    }
    const modificationsAfter: PdfChange[] = [];
    if (range.revisionIndex >= 0 && range.revisionIndex < final.index && signature.reachable) {
      const signedEnd = range.ranges[1]?.[1] ?? 0;
      modificationsAfter.push(
        ...classifyChanges({
          doc,
          signed: range.revisionIndex,
          final: final.index,
          signedEnd,
          before: rolesAt(range.revisionIndex),
          after: rolesAt(final.index),
        }),
      );
      for (const [revision, nums] of duplicates) {
        if (revision <= range.revisionIndex) continue;
        for (const num of nums) {
          modificationsAfter.push({
            objectNumber: num,
            generation: 0,
            revisionIndex: revision,
            change: 'modified',
            kind: primaryKind(rolesAt(final.index).roles.get(num) ?? []),
            verdict: 'disallowed',
            detail: `object ${num} is defined twice in revision ${revision}: viewers may show either`,
          });
        }
      }
    }
    const subFilter = asName(dict.entries.get('SubFilter')) ?? '';
    const kind =
      asName(dict.entries.get('Type')) === 'DocTimeStamp' || subFilter === 'ETSI.RFC3161'
        ? 'document-timestamp'
        : 'signature';
    const m = asText(dict.entries.get('M'));
    const claimedSigningTime = m === undefined ? undefined : parsePdfDate(m);
    const reason = asText(dict.entries.get('Reason'));
    const location = asText(dict.entries.get('Location'));
    const name = asText(dict.entries.get('Name'));
    return {
      ...(signature.fieldName === undefined ? {} : { fieldName: signature.fieldName }),
      kind,
      subFilter,
      byteRange: range.byteRange,
      contents,
      ranges: range.ranges,
      ...(claimedSigningTime === undefined ? {} : { claimedSigningTime }),
      ...(reason === undefined ? {} : { reason }),
      ...(location === undefined ? {} : { location }),
      ...(name === undefined ? {} : { name }),
      objectNumber: signature.objectNumber,
      reachable: signature.reachable,
      revisionIndex: range.revisionIndex,
      coverage,
      modificationsAfter,
      coverageVerdict: verdictOf(
        coverage,
        signature.reachable,
        range.revisionIndex === final.index,
        modificationsAfter,
      ),
    };
  });

  const dss = readDss(doc);
  const docMdp = readDocMdp(doc, found);
  return {
    revisions: doc.revisions.map((r) => ({ index: r.index, end: r.end, xrefKind: r.xrefKind })),
    signatures,
    ...(dss === undefined ? {} : { dss }),
    ...(docMdp === undefined ? {} : { docMdp }),
    problems: doc.problems,
  };
};

/** Where a signature's signed bytes end (for file order); dictionaries without one sort last. */
const endOf = (signature: FoundSignature): number => {
  const value = signature.dict.entries.get('ByteRange');
  const items = value?.kind === 'array' ? value.items : [];
  const b = items[2];
  const c = items[3];
  return b?.kind === 'number' && c?.kind === 'number' ? b.value + c.value : Number.MAX_SAFE_INTEGER;
};

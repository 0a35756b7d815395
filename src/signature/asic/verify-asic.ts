import { createHash } from 'node:crypto';
import { failed, indeterminate, passed, type Check } from '../check.js';
import { verifyCms } from '../cms/verify-cms.js';
import type { VerifyContext } from '../context.js';
import { evaluateSignature, failure, type SignatureEvidence } from '../evaluate-signature.js';
import type { SignatureReport } from '../report.js';
import { analyseXadesDocument } from '../xades/index.js';
import { parseCertificatesLenient } from '../x509/certificate.js';
import { coverageOfDataFiles, inspectContainer, type AsicContainer } from './container.js';
import type { AsicManifestReference } from './asic-manifest.js';
import { hashForDigestMethod } from './xml-digest-algorithms.js';
import { ZipFormatError } from './zip-format-error.js';
import type { ZipArchive } from './zip-reader.js';

export interface AsicResult {
  container: AsicContainer;
  signatures: SignatureReport[];
  checks: Check[];
}

/** ASiCManifest references whose data file exists and hashes to the recorded digest, and those that do not. */
function verifiedReferences(
  read: (name: string) => Uint8Array | undefined,
  references: readonly AsicManifestReference[],
): { covers: string[]; altered: string[] } {
  const covers: string[] = [];
  const altered: string[] = [];
  for (const reference of references) {
    if (reference.path === null) continue;
    const hash =
      reference.digestMethod === null ? null : hashForDigestMethod(reference.digestMethod);
    const bytes = read(reference.path);
    if (!hash || !bytes || reference.digestValue === null) continue;
    if (createHash(hash).update(bytes).digest('base64') === reference.digestValue)
      covers.push(reference.path);
    else altered.push(reference.path);
  }
  return { covers, altered };
}

/**
 * An entry's bytes, or undefined when it is missing or cannot be read; an entry that exists but is
 * damaged (CRC, size, inflate) is noted in `damaged` with the reason, so the report says what is
 * wrong with it rather than only that a signed file "is not there".
 */
function readEntry(
  zip: ZipArchive,
  name: string,
  damaged: Map<string, string>,
): Uint8Array | undefined {
  try {
    return zip.read(name);
  } catch (error) {
    if (!(error instanceof ZipFormatError)) throw error;
    if (error.reason !== 'no-such-entry') damaged.set(name, error.message);
    return undefined;
  }
}

/**
 * Container problems (packaging, manifests) are document-level checks that stop acceptance; they
 * do not change a signature's own indication, which speaks only of what that signature signed.
 *
 * ASiC-E and ASiC-S: the container's structure, every XAdES signature, every CAdES signature
 * (over its ASiCManifest in ASiC-E, over the one data object in ASiC-S), time-stamp tokens, and
 * whether every data file is covered by every signature.
 */
export async function verifyAsic(
  zip: ZipArchive,
  fileName: string,
  ctx: VerifyContext,
): Promise<AsicResult> {
  const container = inspectContainer(zip, fileName);
  const checks: Check[] = [...zip.checks, ...container.checks];
  const evidences: Array<SignatureEvidence & { covers: string[] }> = [];
  const damaged = new Map<string, string>();
  const read = (name: string): Uint8Array | undefined => readEntry(zip, name, damaged);

  for (const file of container.signatureFiles.xades) {
    const xml = read(file);
    if (!xml) {
      checks.push(failed('asic.signature-file.readable', `${file} cannot be read`));
      continue;
    }
    const analysis = analyseXadesDocument(xml, file, (uri) =>
      container.dataFiles.includes(uri) ? read(uri) : undefined,
    );
    checks.push(...analysis.checks);
    if (analysis.signatures.length === 0) {
      checks.push(failed('asic.signature-file.signatures', `${file} holds no usable signature`));
      continue;
    }
    for (const [i, sig] of analysis.signatures.entries()) {
      const signer = sig.signerCertificate
        ? parseCertificatesLenient([sig.signerCertificate])[0]
        : undefined;
      const hint = sig.indicationHint ?? analysis.indicationHint;
      const cryptoFailed = sig.checks.some((c) => c.status === 'failed') || hint !== undefined;
      evidences.push({
        id: sig.id ?? `${file}#${i + 1}`,
        kind: 'XAdES',
        crypto: {
          ok: !cryptoFailed && signer !== undefined,
          checks: sig.checks,
          failure: hint
            ? failure(
                hint.indication,
                hint.subIndication,
                sig.checks.find((c) => c.status === 'failed' || c.status === 'indeterminate')
                  ?.detail ?? hint.subIndication,
              )
            : signer
              ? undefined
              : failure(
                  'INDETERMINATE',
                  'NO_SIGNING_CERTIFICATE_FOUND',
                  "the signer's certificate is not in the signature",
                ),
          ...(signer ? { signerCertificate: signer } : {}),
        },
        certificates: parseCertificatesLenient(sig.otherCertificates),
        claimedSigningTime: sig.claimedSigningTime,
        timestamps: sig.timestamps.map((t) => ({
          kind: t.kind === 'signature' ? 'signature' : 'archive',
          token: t.token,
          ...(t.imprintInput ? { imprintInput: t.imprintInput } : {}),
        })),
        embeddedRevocation: { ocsps: sig.revocationValues.ocsps, crls: sig.revocationValues.crls },
        hasLtData: sig.revocationValues.ocsps.length + sig.revocationValues.crls.length > 0,
        coverage: {
          verdict: 'whole-document',
          detail: '',
          covered: sig.coveredEntries,
          checks: [],
          failure: undefined,
        },
        covers: sig.coveredEntries,
      });
    }
  }

  for (const file of container.signatureFiles.cades) {
    const der = read(file);
    const manifest = container.asicManifests.find((m) => m.sigReference === file);
    const signedName = container.kind === 'ASiC-S' ? container.dataFiles[0] : manifest?.entry;
    const signedBytes = signedName ? read(signedName) : undefined;
    if (!der || !signedBytes) {
      evidences.push({
        id: file,
        kind: 'CAdES',
        crypto: {
          ok: false,
          checks: [
            indeterminate(
              'asic.cades.signed-data',
              `the data signed by ${file} is not in the container`,
            ),
          ],
          failure: failure(
            'INDETERMINATE',
            'SIGNED_DATA_NOT_FOUND',
            `the data signed by ${file} is not in the container`,
          ),
        },
        certificates: [],
        timestamps: [],
        embeddedRevocation: { ocsps: [], crls: [] },
        hasLtData: false,
        coverage: {
          verdict: 'partial',
          detail: 'nothing covered',
          covered: [],
          checks: [],
          failure: undefined,
        },
        covers: [],
      });
      continue;
    }
    const cms = verifyCms(der, {
      kind: 'detached',
      digest: (d) => createHash(d).update(signedBytes).digest(),
    });
    // In ASiC-E the CMS signs the ASiCManifest; a data file counts as signed only if its digest
    // in that manifest matches the file as it is now.
    const references =
      container.kind === 'ASiC-S'
        ? { covers: [signedName as string], altered: [] }
        : verifiedReferences(read, manifest?.references ?? []);
    const covers = references.covers;
    const altered =
      references.altered.length > 0
        ? failure(
            'TOTAL_FAILED',
            'HASH_FAILURE',
            `changed after signing: ${references.altered.join(', ')}`,
          )
        : undefined;
    const signatureValue = cms.signatureValue;
    evidences.push({
      id: file,
      kind: 'CAdES',
      crypto: {
        ok: cms.ok && !altered,
        checks: altered
          ? [...cms.checks, failed('asic.cades.data-digest', altered.detail)]
          : cms.checks,
        failure: altered ?? cms.failure,
        digest: cms.digest,
        ...(cms.signerCertificate ? { signerCertificate: cms.signerCertificate } : {}),
      },
      certificates: [...cms.certificates, ...parseCertificatesLenient(cms.embedded.certificates)],
      claimedSigningTime: cms.claimedSigningTime,
      timestamps: cms.signatureTimestampTokens.map((token) => ({
        kind: 'signature' as const,
        token,
        ...(signatureValue ? { imprintInput: signatureValue } : {}),
      })),
      embeddedRevocation: { ocsps: cms.embedded.ocsps, crls: cms.embedded.crls },
      hasLtData: cms.embedded.ocsps.length + cms.embedded.crls.length > 0,
      coverage: {
        verdict: 'whole-document',
        detail: '',
        covered: covers,
        checks: [],
        failure: undefined,
      },
      covers,
    });
  }

  for (const file of container.signatureFiles.timestamps) {
    const token = read(file);
    const manifest = container.asicManifests.find((m) => m.sigReference === file);
    const coveredName = container.kind === 'ASiC-S' ? container.dataFiles[0] : manifest?.entry;
    const covered = coveredName ? read(coveredName) : undefined;
    const covers =
      container.kind === 'ASiC-S' && coveredName
        ? [coveredName]
        : (manifest?.references.map((r) => r.path).filter((p): p is string => p !== null) ?? []);
    evidences.push({
      id: file,
      kind: 'document-timestamp',
      crypto: {
        ok: token !== undefined && covered !== undefined,
        checks: [],
        failure:
          token && covered
            ? undefined
            : failure(
                'INDETERMINATE',
                'SIGNED_DATA_NOT_FOUND',
                `the data time-stamped by ${file} is not in the container`,
              ),
      },
      certificates: [],
      timestamps: token && covered ? [{ kind: 'document', token, imprintInput: covered }] : [],
      embeddedRevocation: { ocsps: [], crls: [] },
      hasLtData: false,
      coverage: {
        verdict: 'whole-document',
        detail: '',
        covered: covers,
        checks: [],
        failure: undefined,
      },
      covers,
    });
  }

  // Every data file must be covered by every signature (a file some signature misses was not signed by that signer).
  const coverageChecks = coverageOfDataFiles(
    container.dataFiles,
    evidences.map((e) => e.covers),
  );
  checks.push(...coverageChecks);
  const signatures: SignatureReport[] = [];
  for (const evidence of evidences) {
    const missing = container.dataFiles.filter((f) => !evidence.covers.includes(f));
    const coverage: SignatureEvidence['coverage'] =
      missing.length === 0
        ? {
            verdict: 'whole-document',
            detail: `covers every data file (${container.dataFiles.length})`,
            covered: evidence.covers,
            checks: [passed('asic.coverage.signature', 'the signature covers every data file')],
          }
        : {
            verdict: 'partial',
            detail: `does not cover ${missing.map((m) => JSON.stringify(m)).join(', ')}`,
            covered: evidence.covers,
            checks: [
              failed(
                'asic.coverage.signature',
                `the signature does not cover ${missing.join(', ')}`,
              ),
            ],
          };
    signatures.push(await evaluateSignature({ ...evidence, coverage }, ctx));
  }
  for (const [name, why] of damaged)
    checks.push(failed('zip.entry.integrity', `${name} is damaged or was altered: ${why}`));
  return { container, signatures, checks };
}

/**
 * ASiC-E (XAdES B-T) against edockit (npm), on containers the test PKI signs now: ours and
 * edockit in this process on a 1-file and a 10-file container of ~100 KB, and the peak RSS of
 * each verifying a ~50 MB container once in a child process, with the data file stored and with
 * it deflated (what eDoc signers write; inflating costs memory the stored form does not). Called
 * by bench/run.ts; it makes its own fixtures but uses the caller's PKI, server, trust file and
 * work folder.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parseEdoc, verifySignature } from 'edockit';
import {
  makeSignedAsice,
  type AsiceDataFile,
  type PkiServer,
  type TestPki,
} from '../scripts/pki/index.js';
import type { ZipCompression } from '../scripts/pki/write-zip.js';
import { timeRuns, type Timing, type TimingPlan } from './measure.js';
import type { AsicePeakRssResult } from './peak-rss-asice.js';
import { describeTiming, formatRatio, metOf, timeRatio, type Row } from './report.js';
import { assertAccepted, inProcessVerifier } from './verify-ours.js';

/** edockit's index does not re-export its option type. */
type VerificationOptions = NonNullable<Parameters<typeof verifySignature>[2]>;

const KB = 1024;
const MB = 1024 * 1024;
/** A typical e-mailed form with attachments, as one file and as ten (per-file costs show). */
const SMALL_TOTAL_BYTES = 100 * KB;
const MANY_FILES = 10;
/** The intake's upper end, as for the PDF memory figure. */
const HUGE_BYTES = 50 * MB;
/** Target from the performance issue: at least twice edockit's throughput. */
const TARGET_THROUGHPUT_FACTOR = 2;
/** The same memory bound as for PDFs in bench/run.ts: 3 × size + 150 MB. */
const TARGET_RSS_SIZE_FACTOR = 3;
const TARGET_RSS_BASE_MB = 150;
/** A 50 MB verification in a fresh process takes seconds; this only catches a hung child. */
const PEAK_RSS_CHILD_TIMEOUT_MS = 5 * 60 * 1000;
/** The child prints one line of JSON; this only guards against a runaway child. */
const CHILD_MAX_BUFFER = 16 * 1024 * 1024;

interface Plans {
  ours: TimingPlan;
  /** edockit without network: as fast as it gets, so the stricter comparison. */
  edockitLocal: TimingPlan;
  /** edockit's defaults fetch OCSP and a CRL on every call, so fewer runs. */
  edockitDefault: TimingPlan;
}

const FULL: Plans = {
  ours: { warmup: 30, runs: 300 },
  edockitLocal: { warmup: 10, runs: 100 },
  edockitDefault: { warmup: 5, runs: 50 },
};
const QUICK: Plans = {
  ours: { warmup: 5, runs: 20 },
  // edockit's first dozen calls are several times slower (JIT); fewer warm-ups flatter ours.
  edockitLocal: { warmup: 10, runs: 10 },
  edockitDefault: { warmup: 2, runs: 5 },
};

/**
 * edockit with every check it has left on (signature, digests, time-stamp, certificate dates),
 * but OCSP and CRL switched off: no network while timed, as ours answers from its cache.
 * Revocation "unknown" is a soft fail in edockit, so the result is still VALID.
 */
const EDOCKIT_LOCAL: VerificationOptions = {
  checkRevocation: false,
  verifyTimestamps: true,
  // verifyTimestamp checks the TSA certificate's revocation regardless of checkRevocation.
  revocationOptions: { ocspEnabled: false, crlEnabled: false },
};
/** edockit as its README shows it: OCSP (CRL fallback) for the signer and the TSA, per call. */
const EDOCKIT_DEFAULT: VerificationOptions = { checkRevocation: true, verifyTimestamps: true };

/** What each side checks, so that the time ratio is read for what it is. */
const CHECKED_BY_OURS =
  'ours: container structure (ZIP, mimetype, manifest, every file covered), every reference incl. SignedProperties, signing certificate binding, signature value, chain to the trust anchor, OCSP/CRL with signatures checked (cached per process), time-stamp token signature and imprint, QC qualification, intake policy';
const CHECKED_BY_EDOCKIT =
  'edockit: data-file digests, SignedInfo signature, signer certificate dates at the time-stamp time, OCSP then CRL status (default config only; soft fail, the answers’ signatures are not checked), TSTInfo parsed and TSA certificate dates. Not checked: chain to any trust anchor, the TSA token’s signature, the SignedProperties digest (so SigningTime and the signing certificate are not bound), qualification, container structure; a time-stamp imprint mismatch only sets coversSignature=false, still VALID';

export interface AsiceBenchOptions {
  quick: boolean;
  pki: TestPki;
  pkiServer: PkiServer;
  trustAnchorsFile: string;
  workDir: string;
}

const benchDir = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const run = promisify(execFile);

function progress(message: string): void {
  process.stderr.write(`bench asice: ${message}\n`);
}

/** `count` files of random (incompressible) bytes, `totalBytes` together, signed by `valid`. */
async function makeAsice(
  totalBytes: number,
  count: number,
  options: Pick<AsiceBenchOptions, 'pki' | 'pkiServer'>,
  compression: ZipCompression = 'deflate',
): Promise<Uint8Array> {
  const files: AsiceDataFile[] = Array.from({ length: count }, (_, i) => ({
    name: count === 1 ? 'iesniegums.pdf' : `pielikums-${String(i + 1).padStart(2, '0')}.pdf`,
    bytes: new Uint8Array(randomBytes(Math.floor(totalBytes / count))),
    mimeType: 'application/pdf',
    compression,
  }));
  return makeSignedAsice(options.pki.signers.valid, files, { tsaUrl: options.pkiServer.tsaUrl });
}

async function edockitOnce(container: Uint8Array, options: VerificationOptions): Promise<void> {
  const parsed = parseEdoc(container);
  if (parsed.signatures.length === 0) throw new Error('edockit found no signature');
  for (const signature of parsed.signatures) {
    const result = await verifySignature(signature, parsed.files, options);
    // Timing a failing path would compare the wrong work, as for ours (assertAccepted).
    if (result.status !== 'VALID')
      throw new Error(`edockit: ${result.status}: ${result.statusMessage ?? ''}`);
  }
}

function requestsSince(server: PkiServer, before: Record<string, number>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(server.requests).map(([service, count]) => [
      service,
      count - (before[service] ?? 0),
    ]),
  );
}

async function peakRss(args: string[]): Promise<AsicePeakRssResult> {
  // Asynchronous on purpose: this process's PKI server answers the child's OCSP/CRL requests.
  const { stdout } = await run(
    process.execPath,
    ['--import', 'tsx', join(benchDir, 'peak-rss-asice.ts'), ...args],
    { cwd: repoRoot, timeout: PEAK_RSS_CHILD_TIMEOUT_MS, maxBuffer: CHILD_MAX_BUFFER },
  );
  const result = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as AsicePeakRssResult;
  if (!result.accepted)
    throw new Error(
      `peak-rss child (${args[0] ?? ''}) did not accept ${args[1] ?? ''}: ${result.reasons.join('; ')}`,
    );
  return result;
}

/** VmHWM where Linux has it; elsewhere maxRSS, which may include the parent's RSS at fork. */
function peakMb(result: AsicePeakRssResult): number {
  return (result.hwmKb ?? result.maxRssKb) / KB;
}

const sizeLabel = (bytes: number): string =>
  bytes >= MB ? `${(bytes / MB).toFixed(1)} MB` : `${Math.round(bytes / KB)} KB`;

export async function benchAsice(
  opts: AsiceBenchOptions,
): Promise<{ rows: Row[]; raw: Record<string, unknown> }> {
  const plans = opts.quick ? QUICK : FULL;
  const server = opts.pkiServer;

  progress('making fixtures (1 × 100 KB, 10 × 10 KB, 1 × 50 MB stored and deflated)');
  const containers = {
    one: await makeAsice(SMALL_TOTAL_BYTES, 1, opts),
    many: await makeAsice(SMALL_TOTAL_BYTES, MANY_FILES, opts),
  };
  const writeHuge = async (compression: ZipCompression) => {
    const path = join(
      opts.workDir,
      `huge-${compression === 'store' ? 'stored' : 'deflated'}.asice`,
    );
    const bytes = await makeAsice(HUGE_BYTES, 1, opts, compression);
    await writeFile(path, bytes);
    return { path, size: bytes.length };
  };
  const huge = { store: await writeHuge('store'), deflate: await writeHuge('deflate') };

  progress('ours, in process');
  const verify = inProcessVerifier(opts.trustAnchorsFile);
  assertAccepted(await verify('one.asice', containers.one));
  assertAccepted(await verify('many.asice', containers.many));
  const beforeOurs = { ...server.requests };
  const ours = {
    one: await timeRuns(plans.ours, async () => {
      await verify('one.asice', containers.one);
    }),
    many: await timeRuns(plans.ours, async () => {
      await verify('many.asice', containers.many);
    }),
  };
  const requestsDuringOurs = requestsSince(server, beforeOurs);

  progress('edockit, in process, without network');
  const beforeLocal = { ...server.requests };
  const edockitLocal = {
    one: await timeRuns(plans.edockitLocal, () => edockitOnce(containers.one, EDOCKIT_LOCAL)),
    many: await timeRuns(plans.edockitLocal, () => edockitOnce(containers.many, EDOCKIT_LOCAL)),
  };
  const requestsDuringEdockitLocal = requestsSince(server, beforeLocal);

  progress('edockit, in process, defaults (OCSP + CRL per call, loopback)');
  const beforeDefault = { ...server.requests };
  const edockitDefault = {
    one: await timeRuns(plans.edockitDefault, () => edockitOnce(containers.one, EDOCKIT_DEFAULT)),
    many: await timeRuns(plans.edockitDefault, () => edockitOnce(containers.many, EDOCKIT_DEFAULT)),
  };
  const requestsDuringEdockitDefault = requestsSince(server, beforeDefault);

  progress('peak RSS: 50 MB ASiC-E in child processes, ours and edockit');
  const peakRssOf = async (compression: ZipCompression) => ({
    ours: await peakRss(['ours', huge[compression].path, opts.trustAnchorsFile]),
    edockit: await peakRss(['edockit', huge[compression].path]),
  });
  const rss = { store: await peakRssOf('store'), deflate: await peakRssOf('deflate') };

  const none = '—';
  const label = (key: 'one' | 'many'): string =>
    `ASiC-E XAdES B-T ${sizeLabel(containers[key].length)}, ${key === 'one' ? '1 data file' : `${MANY_FILES} data files`}`;
  const targetRow = (key: 'one' | 'many'): Row => {
    const ratio = timeRatio(ours[key], edockitLocal[key]);
    return {
      measurement: `${label(key)} vs edockit (in process, OCSP/CRL off)`,
      ours: describeTiming(ours[key]),
      peer: describeTiming(edockitLocal[key]),
      ratio: formatRatio(ratio),
      target: `≥ ${TARGET_THROUGHPUT_FACTOR}× edockit's throughput (≤ ${(1 / TARGET_THROUGHPUT_FACTOR).toFixed(1)}× time)`,
      met: metOf(ratio <= 1 / TARGET_THROUGHPUT_FACTOR),
    };
  };
  const defaultRow = (key: 'one' | 'many'): Row => ({
    measurement: `${label(key)} vs edockit defaults (OCSP + CRL fetched per call, loopback)`,
    ours: describeTiming(ours[key]),
    peer: describeTiming(edockitDefault[key]),
    ratio: formatRatio(timeRatio(ours[key], edockitDefault[key])),
    target: none,
    met: 'n/a',
  });
  const rssRow = (compression: ZipCompression): Row => {
    const sizeMb = huge[compression].size / MB;
    const oursMb = peakMb(rss[compression].ours);
    const edockitMb = peakMb(rss[compression].edockit);
    const targetMb = TARGET_RSS_SIZE_FACTOR * sizeMb + TARGET_RSS_BASE_MB;
    return {
      measurement: `Peak RSS, ASiC-E XAdES B-T ${sizeLabel(huge[compression].size)}, 1 data file ${compression === 'store' ? 'stored' : 'deflated'}, verified once (child process, VmHWM)`,
      ours: `${oursMb.toFixed(0)} MB`,
      peer: `edockit ${edockitMb.toFixed(0)} MB`,
      ratio: `${(oursMb / sizeMb).toFixed(2)}× file size (edockit ${(edockitMb / sizeMb).toFixed(2)}×)`,
      target: `≤ ${TARGET_RSS_SIZE_FACTOR} × size + ${TARGET_RSS_BASE_MB} MB = ${targetMb.toFixed(0)} MB`,
      met: metOf(oursMb <= targetMb),
    };
  };
  const rows: Row[] = [
    targetRow('one'),
    targetRow('many'),
    defaultRow('one'),
    defaultRow('many'),
    rssRow('store'),
    rssRow('deflate'),
    {
      measurement: 'ASiC-E: what each verifier checks',
      ours: CHECKED_BY_OURS,
      peer: CHECKED_BY_EDOCKIT,
      ratio: none,
      target: none,
      met: 'n/a',
    },
  ];

  const raw: Record<string, unknown> = {
    edockitVersion: await edockitVersion(),
    fixtures: {
      oneBytes: containers.one.length,
      manyBytes: containers.many.length,
      manyFiles: MANY_FILES,
      hugeStoredBytes: huge.store.size,
      hugeDeflatedBytes: huge.deflate.size,
    },
    timings: { ours, edockitLocal, edockitDefault } satisfies Record<
      string,
      Record<'one' | 'many', Timing>
    >,
    edockitOptions: { local: EDOCKIT_LOCAL, default: EDOCKIT_DEFAULT },
    pkiRequests: {
      duringOurs: requestsDuringOurs,
      duringEdockitLocal: requestsDuringEdockitLocal,
      duringEdockitDefault: requestsDuringEdockitDefault,
    },
    peakRss: rss,
  };
  return { rows, raw };
}

async function edockitVersion(): Promise<string> {
  const text = await readFile(join(repoRoot, 'node_modules/edockit/package.json'), 'utf8');
  return (JSON.parse(text) as { version: string }).version;
}

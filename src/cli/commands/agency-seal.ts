import { readFile } from 'node:fs/promises';
import { httpPost } from '../../adapters/http-post.js';
import type { Config } from '../../config/index.js';
import { AppError } from '../../errors/index.js';
import {
  httpTimestampAuthority,
  pkcs12Signer,
  sealPdf,
  type Signer,
} from '../../responses/sign/index.js';

export type Seal = (pdf: Uint8Array, fieldName?: string) => Promise<Uint8Array>;

/**
 * The agency's seal as configured: a PKCS#12 key (PKCS#11 tokens arrive with the signed-letter
 * work) with the configured TSA's time-stamp. Undefined when no key is configured. The key file
 * is read on first use, so a missing file is a reason on the failed step, not a crash at start.
 */
export function agencySeal(config: Readonly<Config>): Seal | undefined {
  const signing = config.signing;
  if (!signing) return undefined;
  let signer: Promise<Signer> | undefined;
  const tsa = config.tsa.url
    ? httpTimestampAuthority(config.tsa.url, httpPost, { timeoutMs: config.tsa.timeoutMs })
    : undefined;
  const loadSigner = async (): Promise<Signer> => {
    if (signing.kind !== 'pkcs12')
      throw new AppError('PIPELINE_MISCONFIGURED', 'PKCS#11 signing is not available yet');
    return pkcs12Signer(new Uint8Array(await readFile(signing.file)), signing.password);
  };
  return async (pdf, fieldName) => {
    signer ??= loadSigner().catch((error: unknown) => {
      signer = undefined;
      throw error;
    });
    return sealPdf(pdf, {
      signer: await signer,
      ...(tsa ? { tsa } : {}),
      signingTime: new Date(),
      name: config.agency.name,
      ...(fieldName ? { fieldName } : {}),
    });
  };
}

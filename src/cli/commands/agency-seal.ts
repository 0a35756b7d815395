import { readFile } from 'node:fs/promises';
import { httpPost } from '../../adapters/http-post.js';
import { pkcs11Tool } from '../../adapters/pkcs11-tool.js';
import type { Config } from '../../config/index.js';
import { AppError } from '../../errors/index.js';
import {
  httpTimestampAuthority,
  pemBlocksToDer,
  pkcs11Signer,
  pkcs12Signer,
  sealPdf,
  type Signer,
} from '../../responses/sign/index.js';

export type Seal = (pdf: Uint8Array, fieldName?: string) => Promise<Uint8Array>;

/**
 * The seal certificate of a PKCS#11 key, as PEM or DER. In PEM the file may carry the issuing
 * CAs after it, nearest first, as `openssl` and most CAs' downloads have them.
 */
async function readCertificateFile(
  path: string,
): Promise<{ certificate: Uint8Array; chain: Uint8Array[] }> {
  const bytes = await readFile(path);
  const text = bytes.toString('latin1');
  if (!text.includes('-----BEGIN')) return { certificate: new Uint8Array(bytes), chain: [] };
  const [certificate, ...chain] = pemBlocksToDer(text);
  if (!certificate) throw new AppError('SEAL_FAILED', `${path} holds no PEM certificate`);
  return { certificate, chain };
}

/**
 * The agency's seal as configured: a PKCS#12 file or a key on a PKCS#11 token, with the
 * configured TSA's time-stamp. Undefined when no key is configured. The key or certificate file
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
    if (signing.kind === 'pkcs12') {
      return pkcs12Signer(new Uint8Array(await readFile(signing.file)), signing.password);
    }
    const { certificate, chain } = await readCertificateFile(signing.certificateFile);
    return pkcs11Signer(
      {
        module: signing.module,
        tokenLabel: signing.tokenLabel,
        pin: signing.pin,
        keyLabel: signing.keyLabel,
        certificate,
        chain,
      },
      pkcs11Tool(),
    );
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

import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import forge from 'node-forge';
import { AppError } from '../../errors/index.js';
import { signerFromKey } from './key-signer.js';
import type { Signer } from './signer.js';

/**
 * A Signer from the agency's PKCS#12 file. node-forge opens the container (MAC, PBES2 and the
 * legacy PKCS#12 ciphers); the key is handed straight to node:crypto, which does the signing.
 * Neither the password nor key material ever appear in an error message.
 */

const SOURCE = 'the PKCS#12 file';

const sealFailed = (message: string, cause?: unknown): AppError =>
  new AppError('SEAL_FAILED', message, cause === undefined ? {} : { cause });

const derOf = (asn1: forge.asn1.Asn1): Buffer =>
  Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');

/**
 * The certificate's exact DER. forge keeps the parsed TBSCertificate as it was, but re-encodes
 * the outer signature AlgorithmIdentifier from its own tables (ECDSA would gain a NULL). RFC 5280
 * §4.1.1.2 requires it to equal the TBS's own `signature` field, so that one is copied instead.
 * Certificates forge cannot parse (EC keys) come back as their raw ASN.1 already.
 */
function certificateDer(bag: forge.pkcs12.Bag): Buffer {
  if (!bag.cert) return derOf(bag.asn1);
  const tbs = bag.cert.tbsCertificate;
  const fields = tbs.value as forge.asn1.Asn1[];
  // [0] EXPLICIT version is present in every v3 certificate; the AlgorithmIdentifier follows the serial.
  const hasVersion = fields[0]?.tagClass === forge.asn1.Class.CONTEXT_SPECIFIC;
  const algorithm = fields[hasVersion ? 2 : 1];
  if (!algorithm) throw sealFailed(`a certificate in ${SOURCE} cannot be read`);
  const { asn1 } = forge;
  return derOf(
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
      tbs,
      algorithm,
      asn1.create(
        asn1.Class.UNIVERSAL,
        asn1.Type.BITSTRING,
        false,
        `\u0000${bag.cert.signature as string}`,
      ),
    ]),
  );
}

function privateKeyOf(bag: forge.pkcs12.Bag): KeyObject {
  // forge parses RSA keys into its own form; any other key type stays a PrivateKeyInfo.
  const pkcs8 = bag.key
    ? derOf(forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(bag.key)))
    : derOf(bag.asn1);
  return createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
}

/** Issuers after the signer, nearest first; certificates that chain to nothing keep file order. */
function orderChain(signer: X509Certificate, others: X509Certificate[]): X509Certificate[] {
  const ordered: X509Certificate[] = [];
  const left = [...others];
  let current = signer;
  for (;;) {
    const index = left.findIndex((candidate) => current.checkIssued(candidate));
    const issuer = index === -1 ? undefined : left.splice(index, 1)[0];
    if (!issuer) break;
    ordered.push(issuer);
    current = issuer;
  }
  return [...ordered, ...left];
}

export function pkcs12Signer(p12: Uint8Array, password: string): Signer {
  let bags: forge.pkcs12.Bag[];
  try {
    const asn1 = forge.asn1.fromDer(Buffer.from(p12).toString('binary'));
    const pfx = forge.pkcs12.pkcs12FromAsn1(asn1, true, password);
    bags = pfx.safeContents.flatMap((contents) => contents.safeBags);
  } catch (error) {
    throw sealFailed(`${SOURCE} cannot be opened: wrong password or damaged file`, error);
  }
  const { oids } = forge.pki;
  const keyBags = bags.filter(
    (b) => b.type === oids['pkcs8ShroudedKeyBag'] || b.type === oids['keyBag'],
  );
  const [keyBag] = keyBags;
  if (!keyBag || keyBags.length > 1) {
    throw sealFailed(`${SOURCE} holds ${keyBags.length} private keys; the seal needs exactly one`);
  }
  let key: KeyObject;
  let certificates: X509Certificate[];
  try {
    key = privateKeyOf(keyBag);
    certificates = bags
      .filter((b) => b.type === oids['certBag'])
      .map((b) => new X509Certificate(certificateDer(b)));
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw sealFailed(`the key or a certificate in ${SOURCE} cannot be read`, error);
  }
  const signerCertificate = certificates.find((c) => c.checkPrivateKey(key));
  if (!signerCertificate) {
    throw sealFailed(`${SOURCE} holds no certificate for its private key`);
  }
  const chain = orderChain(
    signerCertificate,
    certificates.filter((c) => c !== signerCertificate),
  );
  return signerFromKey({
    certificate: new Uint8Array(signerCertificate.raw),
    chain: chain.map((c) => new Uint8Array(c.raw)),
    key,
    source: SOURCE,
  });
}

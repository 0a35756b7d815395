import { createHash } from 'node:crypto';
import { verifySignatureValue } from '../crypto/algorithms.js';
import { canonicalise } from '../xades/canonicalise.js';
import { childrenNamed } from '../xades/dom.js';
import { parseXmlStrict } from '../xml/safe-xml.js';
import type { Certificate } from '../x509/certificate.js';

const NS_DS = 'http://www.w3.org/2000/09/xmldsig#';
const ENVELOPED = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';
const C14N_10 = 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315';

/** XML-DSig signature methods seen on trusted lists, as CMS/X.509 OIDs for the shared verifier. */
const SIGNATURE_METHODS: Readonly<Record<string, { oid: string; ecdsa?: true }>> = {
  'http://www.w3.org/2000/09/xmldsig#rsa-sha1': { oid: '1.2.840.113549.1.1.5' },
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256': { oid: '1.2.840.113549.1.1.11' },
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha384': { oid: '1.2.840.113549.1.1.12' },
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512': { oid: '1.2.840.113549.1.1.13' },
  'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256': {
    oid: '1.2.840.10045.4.3.2',
    ecdsa: true,
  },
  'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384': {
    oid: '1.2.840.10045.4.3.3',
    ecdsa: true,
  },
  'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512': {
    oid: '1.2.840.10045.4.3.4',
    ecdsa: true,
  },
};
const DIGEST_METHODS: Readonly<Record<string, 'sha1' | 'sha256' | 'sha384' | 'sha512'>> = {
  'http://www.w3.org/2000/09/xmldsig#sha1': 'sha1',
  'http://www.w3.org/2001/04/xmlenc#sha256': 'sha256',
  'http://www.w3.org/2001/04/xmldsig-more#sha384': 'sha384',
  'http://www.w3.org/2001/04/xmlenc#sha512': 'sha512',
};

export interface TrustedListSignatureResult {
  ok: boolean;
  detail: string;
  signer?: Certificate;
}

const children = (parent: Element, local: string): Element[] => childrenNamed(parent, NS_DS, local);

/**
 * Verifies a trusted list's enveloped XML signature (ETSI TS 119 612 §5.7) against the list
 * operator's certificate(s) the caller was given out of band: every reference's digest (the whole
 * list without its signature, SignedProperties) and the signature value over SignedInfo. A list
 * whose signature does not verify must not be used as a source of trust.
 */
export function verifyTrustedListSignature(
  xml: Uint8Array,
  name: string,
  signers: readonly Certificate[],
): TrustedListSignatureResult {
  let root: Element;
  try {
    root = parseXmlStrict(xml, name).documentElement as unknown as Element;
  } catch (error) {
    return { ok: false, detail: error instanceof Error ? error.message : String(error) };
  }
  const [signature, ...more] = children(root, 'Signature');
  if (!signature || more.length > 0)
    return {
      ok: false,
      detail: `${name}: expected exactly one enveloped ds:Signature, found ${more.length + (signature ? 1 : 0)}`,
    };
  const [signedInfo] = children(signature, 'SignedInfo');
  const [signatureValue] = children(signature, 'SignatureValue');
  if (!signedInfo || !signatureValue)
    return { ok: false, detail: `${name}: the signature has no SignedInfo or SignatureValue` };
  const algorithmOf = (el: Element | undefined): string => el?.getAttribute('Algorithm') ?? '';

  let coversList = false;
  for (const reference of children(signedInfo, 'Reference')) {
    const uri = reference.getAttribute('URI') ?? '';
    const transforms = children(children(reference, 'Transforms')[0] ?? reference, 'Transform').map(
      (t) => algorithmOf(t),
    );
    const digestName = DIGEST_METHODS[algorithmOf(children(reference, 'DigestMethod')[0])];
    const expected = (children(reference, 'DigestValue')[0]?.textContent ?? '').replace(/\s+/g, '');
    if (!digestName)
      return { ok: false, detail: `${name}: unsupported digest method in a reference` };
    const c14n = transforms.find((t) => t !== ENVELOPED) ?? C14N_10;
    let target: Element | undefined;
    if (uri === '' || uri === `#${root.getAttribute('Id') ?? '\u0000'}`) {
      if (!transforms.includes(ENVELOPED))
        return {
          ok: false,
          detail: `${name}: the reference to the list lacks the enveloped-signature transform`,
        };
      const copy = root.cloneNode(true) as Element;
      for (const sig of children(copy, 'Signature')) copy.removeChild(sig);
      target = copy;
      coversList = true;
    } else if (uri.startsWith('#')) {
      const matches = Array.from(
        root.getElementsByTagNameNS('*', '*') as unknown as Element[],
      ).filter((e) => e.getAttribute('Id') === uri.slice(1));
      if (matches.length !== 1)
        return {
          ok: false,
          detail: `${name}: reference ${uri} must match exactly one element, matched ${matches.length}`,
        };
      target = matches[0];
    }
    if (!target)
      return { ok: false, detail: `${name}: unsupported reference URI ${JSON.stringify(uri)}` };
    const actual = createHash(digestName).update(canonicalise(target, c14n)).digest('base64');
    if (actual !== expected)
      return {
        ok: false,
        detail: `${name}: the list was changed after it was signed (digest of reference ${JSON.stringify(uri)} differs)`,
      };
  }
  if (!coversList)
    return { ok: false, detail: `${name}: the signature does not cover the list itself` };

  const method = SIGNATURE_METHODS[algorithmOf(children(signedInfo, 'SignatureMethod')[0])];
  if (!method) return { ok: false, detail: `${name}: unsupported signature method` };
  const data = canonicalise(
    signedInfo,
    algorithmOf(children(signedInfo, 'CanonicalizationMethod')[0]) || C14N_10,
  );
  const value = Buffer.from((signatureValue.textContent ?? '').replace(/\s+/g, ''), 'base64');
  const signer = signers.find((cert) => {
    try {
      return verifySignatureValue({
        algorithmOid: method.oid,
        spki: cert.publicKey,
        data,
        signature: value,
        ecdsaEncoding: method.ecdsa ? 'ieee-p1363' : 'der',
      });
    } catch {
      return false;
    }
  });
  return signer
    ? { ok: true, detail: `${name}: signed by ${signer.subject}`, signer }
    : {
        ok: false,
        detail: `${name}: the list is not signed by any of the given list signer certificates`,
      };
}

import { createHash } from 'node:crypto';
import type { EntrySpec } from './zip-builder.js';

/** Small ASiC building blocks for the container tests; signatures are placeholders (not parsed here). */
export const ASIC_E = 'application/vnd.etsi.asic-e+zip';
export const ASIC_S = 'application/vnd.etsi.asic-s+zip';

export const mimetype = (value = ASIC_E, quirks: Partial<EntrySpec> = {}): EntrySpec => ({
  name: 'mimetype',
  data: value,
  ...quirks,
});

export function odfManifest(paths: string[], root: string | null = ASIC_E): EntrySpec {
  const entries = [
    ...(root === null
      ? []
      : [`<manifest:file-entry manifest:full-path="/" manifest:media-type="${root}"/>`]),
    ...paths.map(
      (p) => `<manifest:file-entry manifest:full-path="${p}" manifest:media-type="text/plain"/>`,
    ),
  ];
  return {
    name: 'META-INF/manifest.xml',
    method: 8,
    data: `<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">${entries.join('')}</manifest:manifest>`,
  };
}

export const xadesSignature = (name = 'META-INF/signatures0.xml'): EntrySpec => ({
  name,
  method: 8,
  data: '<asic:XAdESSignatures xmlns:asic="http://uri.etsi.org/02918/v1.2.1#"/>',
});

export const file = (name: string, data = `content of ${name}`): EntrySpec => ({
  name,
  data,
  method: 8,
});

export const sha256 = (data: string): string => createHash('sha256').update(data).digest('base64');

export function asicManifest(
  references: Array<{ uri: string; digest: string; algorithm?: string }>,
  sigReference = 'META-INF/signature001.p7s',
  name = 'META-INF/ASiCManifest001.xml',
): EntrySpec {
  const refs = references.map(
    (r) =>
      `<asic:DataObjectReference URI="${r.uri}" MimeType="text/plain"><ds:DigestMethod Algorithm="${r.algorithm ?? 'http://www.w3.org/2001/04/xmlenc#sha256'}"/><ds:DigestValue>${r.digest}</ds:DigestValue></asic:DataObjectReference>`,
  );
  return {
    name,
    data: `<?xml version="1.0" encoding="UTF-8"?><asic:ASiCManifest xmlns:asic="http://uri.etsi.org/02918/v1.2.1#" xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><asic:SigReference URI="${sigReference}" MimeType="application/pkcs7-signature"/>${refs.join('')}</asic:ASiCManifest>`,
  };
}

import { failed } from '../check.js';
import { decodeStream } from './decode-stream.js';
import type { PdfDocument } from './pdf-document.js';
import { asDict, type PdfValue } from './pdf-object.js';
import { PdfFormatError } from './pdf-format-error.js';
import type { PdfDss } from './types.js';

/**
 * The Document Security Store of the final revision (ETSI EN 319 142-1 §5.4.2): decoded
 * certificates, OCSP responses and CRLs, and the VRI keys. Unreadable items become problems.
 */
export const readDss = (doc: PdfDocument): PdfDss | undefined => {
  const final = doc.finalRevision.index;
  const catalog = asDict(doc.deref(doc.trailer(final).entries.get('Root'), final));
  const dss = asDict(doc.deref(catalog?.entries.get('DSS'), final));
  if (dss === undefined) return undefined;
  const items = (key: string): Uint8Array[] => {
    const array = doc.deref(dss.entries.get(key), final);
    const values: PdfValue[] = array?.kind === 'array' ? array.items : [];
    return values.flatMap((value) => {
      const stream = doc.deref(value, final);
      if (stream?.kind !== 'stream') {
        doc.addProblem(failed('pdf.dss.item', `DSS /${key} holds an entry that is not a stream`));
        return [];
      }
      try {
        return [decodeStream(stream, doc.budget)];
      } catch (error) {
        if (!(error instanceof PdfFormatError)) throw error;
        doc.addProblem(failed('pdf.dss.item', `DSS /${key} entry unreadable: ${error.message}`));
        return [];
      }
    });
  };
  const vri = asDict(doc.deref(dss.entries.get('VRI'), final));
  return {
    certificates: items('Certs'),
    ocsps: items('OCSPs'),
    crls: items('CRLs'),
    vriKeys: [...(vri?.entries.keys() ?? [])],
  };
};

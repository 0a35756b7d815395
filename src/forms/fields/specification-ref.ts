import { URL_MAX } from '../limits.js';
import { fail, ok, type ValueParser } from './field-result.js';
import { fileName } from './file-name.js';
import { text } from './text.js';

/** Where an API's specification is: a web address, or a file attached to the same mail. */
export type SpecificationRef =
  { kind: 'url'; value: string } | { kind: 'file-name'; value: string };

/** Only web addresses a reviewer can open; `file:` or `javascript:` links are not references. */
const WEB_SCHEMES = new Set(['http:', 'https:']);

export const specificationRef: ValueParser<SpecificationRef> = (value) => {
  const written = text({ max: URL_MAX })(value);
  if (!written.ok) return written;
  if (/^[a-z][a-z0-9+.-]*:/i.test(written.value)) {
    const url = URL.canParse(written.value) ? new URL(written.value) : undefined;
    return url !== undefined && WEB_SCHEMES.has(url.protocol) && url.hostname !== ''
      ? ok({ kind: 'url', value: written.value })
      : fail('must be an http(s) web address or the name of an attached file');
  }
  const file = fileName(written.value);
  return file.ok
    ? ok({ kind: 'file-name', value: file.value })
    : fail('must be an http(s) web address or the name of an attached file, e.g. api.yaml');
};

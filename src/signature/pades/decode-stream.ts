import { constants, inflateSync } from 'node:zlib';
import { MAX_DECODED_STREAM_BYTES, MAX_TOTAL_DECODED_BYTES } from './limits.js';
import { asArray, asInteger, asName, type PdfStream, type PdfValue } from './pdf-object.js';
import { PdfFormatError } from './pdf-format-error.js';

/** Counts decoded bytes over a whole analysis, so many small bombs cannot add up. */
export class DecodeBudget {
  private used = 0;

  spend(bytes: number): void {
    this.used += bytes;
    if (this.used > MAX_TOTAL_DECODED_BYTES) {
      throw new PdfFormatError(
        `decoded stream data exceeds ${MAX_TOTAL_DECODED_BYTES} bytes in total`,
      );
    }
  }
}

const inflate = (data: Uint8Array): Uint8Array => {
  try {
    // Sync flush tolerates a missing end-of-stream marker, which real writers do produce.
    return inflateSync(data, {
      maxOutputLength: MAX_DECODED_STREAM_BYTES,
      finishFlush: constants.Z_SYNC_FLUSH,
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new PdfFormatError(`FlateDecode failed: ${message}`);
  }
};

/** Undoes PNG predictors (Predictor ≥ 10, §7.4.4.4), row by row; each row carries its filter. */
const unpredictPng = (data: Uint8Array, columns: number, colors: number, bpc: number) => {
  const bytesPerPixel = Math.max(1, Math.ceil((colors * bpc) / 8));
  const rowLength = Math.ceil((columns * colors * bpc) / 8);
  const rows = Math.floor(data.length / (rowLength + 1));
  const out = new Uint8Array(rows * rowLength);
  for (let row = 0; row < rows; row += 1) {
    const filter = data[row * (rowLength + 1)];
    const inBase = row * (rowLength + 1) + 1;
    const outBase = row * rowLength;
    for (let i = 0; i < rowLength; i += 1) {
      const raw = data[inBase + i] ?? 0;
      const left = i >= bytesPerPixel ? (out[outBase + i - bytesPerPixel] ?? 0) : 0;
      const up = row > 0 ? (out[outBase - rowLength + i] ?? 0) : 0;
      const upLeft =
        row > 0 && i >= bytesPerPixel ? (out[outBase - rowLength + i - bytesPerPixel] ?? 0) : 0;
      let value: number;
      switch (filter) {
        case 0:
          value = raw;
          break;
        case 1:
          value = raw + left;
          break;
        case 2:
          value = raw + up;
          break;
        case 3:
          value = raw + Math.floor((left + up) / 2);
          break;
        case 4: {
          const p = left + up - upLeft;
          const pa = Math.abs(p - left);
          const pb = Math.abs(p - up);
          const pc = Math.abs(p - upLeft);
          value = raw + (pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft);
          break;
        }
        default:
          throw new PdfFormatError(`unknown PNG predictor row filter ${String(filter)}`);
      }
      out[outBase + i] = value & 0xff;
    }
  }
  return out;
};

const applyPredictor = (data: Uint8Array, params: PdfValue | undefined): Uint8Array => {
  const dict = params?.kind === 'dict' ? params : undefined;
  const predictor = asInteger(dict?.entries.get('Predictor')) ?? 1;
  if (predictor <= 1) return data;
  const columns = asInteger(dict?.entries.get('Columns')) ?? 1;
  const colors = asInteger(dict?.entries.get('Colors')) ?? 1;
  const bpc = asInteger(dict?.entries.get('BitsPerComponent')) ?? 8;
  if (columns < 1 || colors < 1 || bpc < 1 || columns * colors * bpc > MAX_DECODED_STREAM_BYTES) {
    throw new PdfFormatError('bad predictor parameters');
  }
  if (predictor >= 10) return unpredictPng(data, columns, colors, bpc);
  throw new PdfFormatError(`unsupported predictor ${predictor}`);
};

/**
 * Decoded data of a stream. Only FlateDecode (with PNG predictors) is supported: it is the only
 * filter xref streams, object streams and DSS items use in practice; others are rejected clearly.
 */
export const decodeStream = (stream: PdfStream, budget: DecodeBudget): Uint8Array => {
  const filterValue = stream.dict.entries.get('Filter');
  const filters =
    filterValue === undefined
      ? []
      : filterValue.kind === 'array'
        ? filterValue.items.map(asName)
        : [asName(filterValue)];
  const paramsValue = stream.dict.entries.get('DecodeParms');
  const params = asArray(paramsValue) ?? [paramsValue];
  let data: Uint8Array = stream.data;
  filters.forEach((filter, index) => {
    if (filter !== 'FlateDecode' && filter !== 'Fl') {
      throw new PdfFormatError(`unsupported stream filter ${filter ?? '(not a name)'}`);
    }
    data = applyPredictor(inflate(data), params[index]);
  });
  if (data.length > MAX_DECODED_STREAM_BYTES) {
    throw new PdfFormatError(`stream decodes to more than ${MAX_DECODED_STREAM_BYTES} bytes`);
  }
  budget.spend(data.length);
  return data;
};

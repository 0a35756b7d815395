export { analyseXadesDocument } from './analyse-xades-document.js';
export type {
  IndicationHint,
  OcspForm,
  ResolveEntry,
  TimestampKind,
  XadesAnalysis,
  XadesLevel,
  XadesRevocationValues,
  XadesSignature,
  XadesSubIndication,
  XadesTimestamp,
} from './types.js';

/**
 * The PDF incremental update with a signature placeholder: the agency's production code in src
 * (it also fills an existing empty signature field), re-exported so fixtures are made the same way.
 */
export {
  coveredPieces,
  embedSignature,
  prepareSignaturePlaceholder,
  type PlaceholderOptions,
  type PreparedPdf,
} from '../../src/responses/sign/pdf-signature-placeholder.js';

import * as pkijs from 'pkijs';

/**
 * pkijs rebuilds a class's ASN.1 schema — a tree of hundreds of asn1js objects — every time it
 * reads one value (`new pkijs.SignedData({ schema })` calls `SignedData.schema()`), and that was a
 * quarter of a signature's verification time. asn1js's `compareSchema` only reads a schema (it
 * writes its findings to the value being read, and at most trims a schema's names), so the
 * parameterless schema of each class is built once per process and shared.
 *
 * Only calls without parameters are cached: a schema built with names for a surrounding
 * structure is built as before.
 */
const CLASSES = [
  pkijs.ContentInfo,
  pkijs.SignedData,
  pkijs.EncapsulatedContentInfo,
  pkijs.SignerInfo,
  pkijs.IssuerAndSerialNumber,
  pkijs.AlgorithmIdentifier,
  pkijs.Attribute,
  pkijs.SignedAndUnsignedAttributes,
  pkijs.TSTInfo,
  pkijs.MessageImprint,
  pkijs.Accuracy,
  pkijs.RelativeDistinguishedNames,
  pkijs.AttributeTypeAndValue,
  pkijs.GeneralName,
  pkijs.RSASSAPSSParams,
] as unknown as Array<{ schema: (parameters?: unknown) => unknown }>;

let installed = false;

export function cacheParameterlessSchemas(): void {
  if (installed) return;
  installed = true;
  for (const cls of CLASSES) {
    const build = cls.schema.bind(cls);
    let cached: unknown;
    cls.schema = (parameters?: unknown) => {
      const plain =
        parameters === undefined ||
        (typeof parameters === 'object' &&
          parameters !== null &&
          Object.keys(parameters).length === 0);
      if (!plain) return build(parameters);
      cached ??= build();
      return cached;
    };
  }
}

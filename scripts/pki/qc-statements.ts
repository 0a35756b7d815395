import * as asn1js from 'asn1js';

/** RFC 3739 id-pe-qcStatements: the certificate extension that carries the EU qualified statements. */
export const QC_STATEMENTS_EXTENSION_OID = '1.3.6.1.5.5.7.1.3';

/** ETSI EN 319 412-5 statement identifiers. */
export const QC_OID = {
  /** The certificate is an EU qualified certificate. */
  compliance: '0.4.0.1862.1.1',
  /** The private key lives in a qualified signature/seal creation device. */
  sscd: '0.4.0.1862.1.4',
  /** Which kind of qualified certificate; its info is a SEQUENCE OF the type OIDs below. */
  type: '0.4.0.1862.1.6',
  typeEsign: '0.4.0.1862.1.6.1',
  typeEseal: '0.4.0.1862.1.6.2',
} as const;

export type QcType = 'esign' | 'eseal';

/**
 * DER of the qcStatements extension value for a qualified certificate on a QSCD: QcCompliance,
 * QcSSCD and QcType. openssl has no syntax for this extension, so it is handed over as `DER:<hex>`.
 */
export function qcStatementsDer(type: QcType): Uint8Array {
  const statement = (id: string, info?: asn1js.BaseBlock): asn1js.Sequence =>
    new asn1js.Sequence({
      value: [new asn1js.ObjectIdentifier({ value: id }), ...(info ? [info] : [])],
    });
  const typeOid = type === 'esign' ? QC_OID.typeEsign : QC_OID.typeEseal;
  const statements = new asn1js.Sequence({
    value: [
      statement(QC_OID.compliance),
      statement(QC_OID.sscd),
      statement(
        QC_OID.type,
        new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: typeOid })] }),
      ),
    ],
  });
  return new Uint8Array(statements.toBER(false));
}

import { parseXmlStrict } from '../xml/safe-xml.js';
import { parseCertificate, type Certificate } from '../x509/certificate.js';

/** ETSI TS 119 612 service types the verifier acts on. */
export const SERVICE_TYPE = {
  caQc: 'http://uri.etsi.org/TrstSvc/Svctype/CA/QC',
  caPkc: 'http://uri.etsi.org/TrstSvc/Svctype/CA/PKC',
  qtst: 'http://uri.etsi.org/TrstSvc/Svctype/TSA/QTST',
  tsa: 'http://uri.etsi.org/TrstSvc/Svctype/TSA',
  ocspQc: 'http://uri.etsi.org/TrstSvc/Svctype/Certstatus/OCSP/QC',
} as const;

/**
 * Statuses under which a service counted as approved: "granted" since eIDAS (2016), and the
 * Directive 1999/93 era statuses "undersupervision", "accredited", "supervisionincessation".
 */
const APPROVED_STATUS =
  /\/(granted|undersupervision|accredited|supervisionincessation|recognisedatnationallevel)$/;

export interface ServiceStatusPeriod {
  status: string;
  from: Date;
}

export interface TrustedService {
  list: string;
  country?: string;
  provider: string;
  name: string;
  type: string;
  /** Newest first. */
  history: ServiceStatusPeriod[];
  /** AdditionalServiceInformation URIs (ForeSignatures, ForeSeals, ForeWebSiteAuthentication). */
  additionalInfo: string[];
  certificates: Certificate[];
}

export interface TrustedList {
  name: string;
  country?: string;
  sequenceNumber?: number;
  issued?: Date;
  nextUpdate?: Date;
  services: TrustedService[];
  /** Certificates in the list's ds:Signature KeyInfo (the list's own signer). */
  signerCertificates: Certificate[];
}

/** Was the service approved at the given time, per its status history? */
export function approvedAt(service: TrustedService, at: Date): boolean {
  const period = service.history.find((p) => p.from.getTime() <= at.getTime());
  return period !== undefined && APPROVED_STATUS.test(period.status);
}

const TSL_NS = 'http://uri.etsi.org/02231/v2#';
const DS_NS = 'http://www.w3.org/2000/09/xmldsig#';

/** Parses a trusted list (the XML bytes); certificates that cannot be read are skipped. */
export function parseTrustedList(xml: Uint8Array, name: string): TrustedList {
  const doc = parseXmlStrict(xml, name);
  const root = doc.documentElement as unknown as Element;
  const first = (parent: Element, local: string, ns = TSL_NS): Element | undefined =>
    childElements(parent, local, ns)[0];
  const textOf = (el: Element | undefined): string | undefined =>
    el?.textContent?.trim() || undefined;
  const schemeInfo = first(root, 'SchemeInformation');
  const country = textOf(schemeInfo && first(schemeInfo, 'SchemeTerritory'));
  const seq = textOf(schemeInfo && first(schemeInfo, 'TSLSequenceNumber'));
  const issued = textOf(schemeInfo && first(schemeInfo, 'ListIssueDateTime'));
  const nextUpdate = textOf(schemeInfo && descendants(schemeInfo, 'dateTime', TSL_NS)[0]);
  const list: TrustedList = {
    name,
    services: [],
    signerCertificates: [],
    ...(country ? { country } : {}),
  };
  if (seq) list.sequenceNumber = Number(seq);
  if (issued) list.issued = new Date(issued);
  if (nextUpdate) list.nextUpdate = new Date(nextUpdate);

  for (const tsp of descendants(root, 'TrustServiceProvider', TSL_NS)) {
    const providerName = textOf(descendants(tsp, 'Name', TSL_NS)[0]) ?? '(unnamed provider)';
    for (const svc of descendants(tsp, 'TSPService', TSL_NS)) {
      const info = first(svc, 'ServiceInformation');
      if (!info) continue;
      const service: TrustedService = {
        list: name,
        provider: providerName,
        name: textOf(descendants(info, 'Name', TSL_NS)[0]) ?? '(unnamed service)',
        type: textOf(first(info, 'ServiceTypeIdentifier')) ?? '',
        history: [],
        additionalInfo: descendants(info, 'AdditionalServiceInformation', TSL_NS)
          .map((a) => textOf(first(a, 'URI')) ?? '')
          .filter(Boolean),
        certificates: certificatesIn(first(info, 'ServiceDigitalIdentity')),
        ...(country ? { country } : {}),
      };
      const current = {
        status: textOf(first(info, 'ServiceStatus')) ?? '',
        from: new Date(textOf(first(info, 'StatusStartingTime')) ?? 0),
      };
      service.history.push(current);
      const history = first(svc, 'ServiceHistory');
      for (const instance of history
        ? childElements(history, 'ServiceHistoryInstance', TSL_NS)
        : []) {
        service.history.push({
          status: textOf(first(instance, 'ServiceStatus')) ?? '',
          from: new Date(textOf(first(instance, 'StatusStartingTime')) ?? 0),
        });
      }
      service.history.sort((a, b) => b.from.getTime() - a.from.getTime());
      if (service.certificates.length > 0) list.services.push(service);
    }
  }
  const signature = childElements(root, 'Signature', DS_NS)[0];
  if (signature)
    list.signerCertificates = certificatesIn(descendants(signature, 'KeyInfo', DS_NS)[0]);
  return list;
}

function certificatesIn(parent: Element | undefined): Certificate[] {
  if (!parent) return [];
  const out: Certificate[] = [];
  for (const el of descendants(parent, 'X509Certificate', undefined)) {
    try {
      out.push(parseCertificate(Buffer.from((el.textContent ?? '').replace(/\s+/g, ''), 'base64')));
    } catch {
      // An unreadable certificate in a list identifies nothing; skipping it cannot widen trust.
    }
  }
  return out;
}

function childElements(parent: Element, local: string, ns: string | undefined): Element[] {
  const out: Element[] = [];
  for (let n = parent.firstChild; n; n = n.nextSibling) {
    if (
      n.nodeType === 1 &&
      (n as Element).localName === local &&
      (ns === undefined || (n as Element).namespaceURI === ns)
    )
      out.push(n as Element);
  }
  return out;
}

function descendants(parent: Element, local: string, ns: string | undefined): Element[] {
  const all = parent.getElementsByTagNameNS(ns ?? '*', local);
  return Array.from({ length: all.length }, (_, i) => all.item(i) as Element);
}

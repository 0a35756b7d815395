import type { Certificate } from '../x509/certificate.js';
import { approvedAt, SERVICE_TYPE, type TrustedList, type TrustedService } from './trusted-list.js';

export interface TrustAnchor {
  certificate: Certificate;
  /** Where it came from: an anchor file, or a trusted list's service. */
  source: string;
  service?: TrustedService;
}

/**
 * The trust configuration of one verification run, built once and shared by every document
 * (verifying many files must not re-parse lists or re-index anchors).
 */
export class TrustStore {
  readonly anchors: readonly TrustAnchor[];
  readonly lists: readonly TrustedList[];
  private readonly bySubject = new Map<string, TrustAnchor[]>();
  private readonly byId = new Map<string, TrustAnchor[]>();

  constructor(
    anchors: ReadonlyArray<{ certificate: Certificate; source: string }>,
    lists: readonly TrustedList[] = [],
  ) {
    const all: TrustAnchor[] = anchors.map((a) => ({ ...a }));
    for (const list of lists) {
      for (const service of list.services) {
        for (const certificate of service.certificates)
          all.push({ certificate, source: `${list.name}: ${service.name}`, service });
      }
    }
    this.anchors = all;
    this.lists = lists;
    for (const anchor of all) {
      const key = Buffer.from(anchor.certificate.subjectDer).toString('hex');
      this.bySubject.set(key, [...(this.bySubject.get(key) ?? []), anchor]);
      this.byId.set(anchor.certificate.id, [
        ...(this.byId.get(anchor.certificate.id) ?? []),
        anchor,
      ]);
    }
  }

  /** The anchors that are exactly this certificate (a file, or one or more trusted-list services). */
  anchorsFor(certificate: Certificate): TrustAnchor[] {
    return this.byId.get(certificate.id) ?? [];
  }

  /** Anchors whose subject is the given issuer name (candidates to have issued a certificate). */
  issuersOf(certificate: Certificate): TrustAnchor[] {
    return this.bySubject.get(Buffer.from(certificate.issuerDer).toString('hex')) ?? [];
  }

  /** Trusted-list services of a type whose certificate matches, approved or not. */
  servicesFor(certificate: Certificate, type?: string): TrustedService[] {
    return this.anchors
      .filter((a) => a.service && (type === undefined || a.service.type === type))
      .filter(
        (a) =>
          a.certificate.id === certificate.id ||
          (a.certificate.spki.length === certificate.spki.length &&
            Buffer.from(a.certificate.spki).equals(Buffer.from(certificate.spki)) &&
            Buffer.from(a.certificate.subjectDer).equals(Buffer.from(certificate.subjectDer))),
      )
      .map((a) => a.service as TrustedService);
  }

  /** Whether a qualified TSA service for this certificate was approved at the time. */
  isQualifiedTsa(certificate: Certificate, at: Date): boolean {
    return this.servicesFor(certificate, SERVICE_TYPE.qtst).some((s) => approvedAt(s, at));
  }

  get size(): number {
    return this.anchors.length;
  }
}

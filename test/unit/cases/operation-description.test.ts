import { describe, expect, it } from 'vitest';
import { checkOperationDescription } from '../../../src/cases/operation-description.js';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('the operation description attached to a production request', () => {
  it('a WSDL 1.1 and 2.0 document parse', () => {
    expect(
      checkOperationDescription(
        'service.wsdl',
        bytes('<definitions xmlns="http://schemas.xmlsoap.org/wsdl/"/>'),
      ),
    ).toEqual({ kind: 'wsdl', problem: null });
    expect(
      checkOperationDescription(
        'service.wsdl',
        bytes('<description xmlns="http://www.w3.org/ns/wsdl"/>'),
      ),
    ).toEqual({ kind: 'wsdl', problem: null });
  });

  it('XML that is not a WSDL, or does not parse, is named as such', () => {
    expect(checkOperationDescription('x.wsdl', bytes('<html/>')).problem).toMatch(/not a WSDL/);
    expect(checkOperationDescription('x.wsdl', bytes('<definitions>')).problem).toBeTruthy();
  });

  it('an XML with a DTD (entity expansion) is refused, not expanded', () => {
    const xxe =
      '<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><definitions>&x;</definitions>';
    expect(checkOperationDescription('x.wsdl', bytes(xxe)).problem).toBeTruthy();
  });

  it('OpenAPI in JSON and YAML parse; other JSON does not count', () => {
    expect(
      checkOperationDescription('api.json', bytes('{"openapi":"3.0.3","paths":{}}')).problem,
    ).toBeNull();
    expect(
      checkOperationDescription('api.yaml', bytes('openapi: 3.1.0\npaths: {}\n')).problem,
    ).toBeNull();
    expect(checkOperationDescription('api.json', bytes('{"hello":1}')).problem).toMatch(
      /not an OpenAPI/,
    );
    expect(checkOperationDescription('api.json', bytes('{')).problem).toMatch(/neither/);
  });

  it('a PDF counts by its header; other files are named', () => {
    expect(checkOperationDescription('d.pdf', bytes('%PDF-1.7\n')).problem).toBeNull();
    expect(checkOperationDescription('d.pdf', bytes('hello')).problem).toMatch(/not a PDF/);
    expect(checkOperationDescription('d.docx', bytes('PK\u0003\u0004')).problem).toMatch(
      /not a WSDL, OpenAPI or PDF/,
    );
  });
});

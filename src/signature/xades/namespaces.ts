/** The XML namespaces a XAdES signature document is made of. Elements are matched by namespace URI, never by prefix. */
export const NS_DS = 'http://www.w3.org/2000/09/xmldsig#';
export const NS_XADES = 'http://uri.etsi.org/01903/v1.3.2#';
export const NS_XADES141 = 'http://uri.etsi.org/01903/v1.4.1#';
export const NS_ASIC = 'http://uri.etsi.org/02918/v1.2.1#';
export const NS_XMLNS = 'http://www.w3.org/2000/xmlns/';
export const NS_XML = 'http://www.w3.org/XML/1998/namespace';

/** The ds:Reference Type that marks the reference covering xades:SignedProperties. */
export const SIGNED_PROPERTIES_TYPE = 'http://uri.etsi.org/01903#SignedProperties';

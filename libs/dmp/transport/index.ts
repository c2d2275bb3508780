/**
 * The DMP adapter's transport: SOAP 1.2 envelopes with WS-Addressing and the
 * signed VIHF, MTOM framing, mutual-TLS HTTPS, and the DMP's own TD0.x
 * transactions. The XDS.b bodies (libs/dmp/xds) ride on callSoap.
 */
export * from './dmp-transactions';
export * from './http-body';
export * from './https-client';
export * from './mtom';
export * from './soap';
export * from './soap-client';
export * from './vihf';
export * from './web-access';
export { MalformedXmlError } from './xml';
// DOM helpers for the other SOAP services' messages (INSi).
export { childElements, childNamed, childrenNamed, textOf } from './xml';

// The request signature of docs/district-protocol.md, receiver side: the string to sign, the
// expected header value, and a constant-time check of the header a kiosk sent.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** `v1=` and 64 lowercase hex digits: anything else is refused before any arithmetic. */
const signatureHeader = /^v1=([0-9a-f]{64})$/;

export interface SignedRequest {
  method: string;
  /** The full path as on the request line, without query string. */
  path: string;
  /** X-Timestamp exactly as sent (decimal milliseconds). */
  timestamp: string;
  /** The bytes on the wire: the gzipped body, before any decompression. */
  body: Uint8Array;
}

export function stringToSign(request: SignedRequest): string {
  const bodyHash = createHash('sha256').update(request.body).digest('hex');
  return `${request.method}\n${request.path}\n${request.timestamp}\n${bodyHash}`;
}

/** The X-Signature value the gate holding this secret would send. */
export function expectedSignature(secret: string, request: SignedRequest): string {
  const mac = createHmac('sha256', Buffer.from(secret, 'utf8'));
  return `v1=${mac.update(stringToSign(request), 'utf8').digest('hex')}`;
}

/**
 * True when the header is the signature of this request under this secret. The digests are
 * compared with timingSafeEqual so the time taken says nothing about how many leading bytes
 * matched (which would let a forger find a valid signature byte by byte).
 */
export function verifySignature(
  secret: string,
  request: SignedRequest,
  header: string | undefined,
): boolean {
  const given = header === undefined ? null : signatureHeader.exec(header);
  if (!given?.[1]) return false;
  const expected = expectedSignature(secret, request).slice('v1='.length);
  return timingSafeEqual(Buffer.from(given[1], 'hex'), Buffer.from(expected, 'hex'));
}

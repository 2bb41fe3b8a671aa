// How the kiosk's uploads travel to the district: one POST on node:https (not fetch), so that
// TLS is fully in our hands — the system's CAs plus the district's private CA if configured,
// its public keys pinned on top of the normal checks — redirects are never followed, the answer
// is read only up to a cap, and every failure comes back sorted, in words for a person.
// Records carry ID numbers: plain http goes only to this machine (tests, a receiver on the PC).
import { createHash, X509Certificate } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import tls, { type DetailedPeerCertificate, type PeerCertificate } from 'node:tls';
import packageJson from '../../package.json' with { type: 'json' };
import { isLoopbackHost as isLoopbackAddress } from '../config/server-settings';

export interface TransportOptions {
  /** The whole request, from connecting to the answer's last byte. */
  timeoutMs: number;
  /** Extra trusted CA certificate(s), PEM text, trusted besides the system's. */
  caPem: string | null;
  /** Base64 SHA-256 of a SubjectPublicKeyInfo (DER), as HPKP's pin-sha256; empty: no pinning. */
  pins: readonly string[];
  userAgent: string;
  /** Reading stops past this many bytes; the answer's text is then null. */
  maxAnswerBytes: number;
}

export type TransportResult =
  | {
      kind: 'answer';
      status: number;
      date: string | null;
      retryAfter: string | null;
      location: string | null;
      /** null: longer than maxAnswerBytes, the rest not read. */
      text: string | null;
    }
  | {
      kind: 'failed';
      code: 'unreachable' | 'timeout' | 'certificate' | 'insecure';
      /** English words for a person, naming the host; never a header value or the body. */
      error: string;
    };

export interface DistrictTransport {
  post(target: URL, headers: Record<string, string>, body: Buffer): Promise<TransportResult>;
  /** Closes the kept-alive connections (and any request still under way). */
  close(): void;
}

type Failure = Extract<TransportResult, { kind: 'failed' }>;

/** 127.0.0.0/8, ::1 (bracketed or not) and localhost: only this machine can answer there. */
export function isLoopbackHost(hostname: string): boolean {
  return isLoopbackAddress(hostname);
}

/** e.g. "campus-gate-kiosk/0.1.0 (gate south)"; "南门" is sent as "%E5%8D%97%E9%97%A8". */
export function userAgent(version: string, gateId: string): string {
  // The gate id is free text in the config; a header is ASCII, and a comment ends at ")".
  const escape = (character: string) =>
    [...Buffer.from(character, 'utf8')]
      .map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`)
      .join('');
  const plain = (character: string) =>
    /^[\x20-\x7e]$/.test(character) && !'()\\%'.includes(character);
  const gate = [...gateId]
    .map((character) => (plain(character) ? character : escape(character)))
    .join('');
  return `campus-gate-kiosk/${version} (gate ${gate})`;
}

/**
 * package.json's version. The JSON import is resolved when the code is built: tsx and vitest
 * load the file, esbuild inlines it into the Electron bundle, so nothing is read at run time.
 */
export function kioskVersion(): string {
  return packageJson.version;
}

/** Thrown (returned) by the identity check: no key of the chain is one of the pins. */
const pinMismatch = 'ERR_DISTRICT_PIN_MISMATCH';

/** OpenSSL's verify results that mean "not signed by anyone we trust". */
const untrusted = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'CERT_UNTRUSTED',
]);
/** …and those that mean "not valid today". */
const outOfDate = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID']);
/** Every other verify result OpenSSL gives Node (src/crypto/crypto_common.cc). */
const otherCertificateProblems = new Set([
  'UNABLE_TO_GET_CRL',
  'UNABLE_TO_DECRYPT_CERT_SIGNATURE',
  'UNABLE_TO_DECRYPT_CRL_SIGNATURE',
  'UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY',
  'CERT_SIGNATURE_FAILURE',
  'CRL_SIGNATURE_FAILURE',
  'CRL_NOT_YET_VALID',
  'CRL_HAS_EXPIRED',
  'ERROR_IN_CERT_NOT_BEFORE_FIELD',
  'ERROR_IN_CERT_NOT_AFTER_FIELD',
  'ERROR_IN_CRL_LAST_UPDATE_FIELD',
  'ERROR_IN_CRL_NEXT_UPDATE_FIELD',
  'CERT_CHAIN_TOO_LONG',
  'CERT_REVOKED',
  'INVALID_CA',
  'PATH_LENGTH_EXCEEDED',
  'INVALID_PURPOSE',
  'CERT_REJECTED',
  'HOSTNAME_MISMATCH',
]);

/** The pin of one certificate's key: base64 SHA-256 of its SubjectPublicKeyInfo, DER. */
function spkiPin(certificate: PeerCertificate): string | null {
  try {
    // Not `certificate.pubkey`: for an EC key that is the bare curve point, not the SPKI, and
    // its hash matches no pin made with openssl (test/fixtures/tls/README.md).
    const spki = new X509Certificate(certificate.raw).publicKey.export({
      type: 'spki',
      format: 'der',
    });
    return createHash('sha256').update(spki).digest('base64');
  } catch {
    return null;
  }
}

/** The pins of the chain as verified: leaf, intermediates and the root (Node adds it). */
function chainPins(leaf: PeerCertificate): string[] {
  const pins: string[] = [];
  const seen = new Set<PeerCertificate>();
  let certificate: PeerCertificate | undefined = leaf;
  while (certificate !== undefined && !seen.has(certificate) && seen.size < 16) {
    seen.add(certificate);
    const pin = spkiPin(certificate);
    if (pin !== null) pins.push(pin);
    // A self-signed root is its own issuer: `seen` ends the walk there.
    certificate = (certificate as Partial<DetailedPeerCertificate>).issuerCertificate;
  }
  return pins;
}

/** Normal hostname verification, then (when pins are set) one key of the chain must match. */
function identityCheck(pins: readonly string[]) {
  const pinned = new Set(pins);
  return (hostname: string, certificate: PeerCertificate): Error | undefined => {
    const problem = tls.checkServerIdentity(hostname, certificate);
    if (problem !== undefined || pinned.size === 0) return problem;
    if (chainPins(certificate).some((pin) => pinned.has(pin))) return undefined;
    return Object.assign(new Error('no key of the certificate chain is pinned'), {
      code: pinMismatch,
    });
  };
}

/** How many certificates the PEM text holds that can be read; OpenSSL skips the rest silently. */
function readableCertificates(pem: string): number {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g) ?? [];
  return blocks.filter((block) => {
    try {
      return new X509Certificate(block) !== null;
    } catch {
      return false;
    }
  }).length;
}

export function createDistrictTransport(options: TransportOptions): DistrictTransport {
  // A CA file holding no certificate would only show as "not trusted", pointing at the wrong fix.
  const unusableCa = options.caPem !== null && readableCertificates(options.caPem) === 0;
  const keepAlive = { keepAlive: true, maxSockets: 4 };
  const httpsAgent = new https.Agent({
    ...keepAlive,
    ...(options.caPem === null ? {} : { ca: [...tls.rootCertificates, options.caPem] }),
    checkServerIdentity: identityCheck(options.pins),
    // Every new connection gets a full handshake, so the chain and the pins are checked on
    // each: a resumed TLS session skips checkServerIdentity.
    maxCachedSessions: 0,
  });
  // Only ever used for this machine (tests, a receiver on the same PC).
  const httpAgent = new http.Agent(keepAlive);
  let closed = false;

  function post(target: URL, headers: Record<string, string>, body: Buffer) {
    const host = target.host;
    if (target.protocol !== 'https:' && target.protocol !== 'http:') {
      return failed('insecure', `The district address for ${host} is not an https address`);
    }
    const secure = target.protocol === 'https:';
    if (!secure && !isLoopbackHost(target.hostname)) {
      return failed(
        'insecure',
        `The district address http://${host} is not encrypted: records go only over https ` +
          '(plain http only to this computer)',
      );
    }
    if (closed) return failed('unreachable', `The connection to ${host} was closed by the kiosk`);
    if (secure && unusableCa) {
      return failed(
        'certificate',
        `The district's CA for ${host} holds no readable certificate (district.caFile must be PEM)`,
      );
    }
    return new Promise<TransportResult>((resolve) => {
      let settled = false;
      const finish = (result: TransportResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(result);
      };
      const seconds = options.timeoutMs / 1000;
      const timer = setTimeout(() => {
        finish({
          kind: 'failed',
          code: 'timeout',
          error: `The district at ${host} did not answer within ${seconds} s`,
        });
        request.destroy();
      }, options.timeoutMs);
      let request: http.ClientRequest;
      try {
        request = (secure ? https : http).request({
          agent: secure ? httpsAgent : httpAgent,
          method: 'POST',
          protocol: target.protocol,
          // "[::1]" in a URL, "::1" to connect to.
          hostname: target.hostname.replace(/^\[|\]$/g, ''),
          port: target.port === '' ? undefined : Number(target.port),
          path: `${target.pathname}${target.search}`,
          // Never followed: node:http has no redirects, a 3xx is just an answer.
          headers: {
            ...headers,
            'User-Agent': options.userAgent,
            'Content-Length': String(body.length),
          },
        });
      } catch (error) {
        // An address node:http refuses (a port out of range, say): before any connection.
        finish(describeFailure(error, host, options.caPem !== null));
        return;
      }
      request.on('error', (error) => finish(describeFailure(error, host, options.caPem !== null)));
      request.on('response', (response) => {
        const answer = (text: string | null): TransportResult => ({
          kind: 'answer',
          status: response.statusCode ?? 0,
          date: single(response.headers.date),
          retryAfter: single(response.headers['retry-after']),
          location: single(response.headers.location),
          text,
        });
        const declared = Number(response.headers['content-length']);
        if (Number.isFinite(declared) && declared > options.maxAnswerBytes) {
          finish(answer(null));
          response.destroy();
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size <= options.maxAnswerBytes) {
            chunks.push(chunk);
            return;
          }
          // The rest is not read: the connection goes, rather than back to the pool.
          finish(answer(null));
          response.destroy();
        });
        response.on('end', () => finish(answer(Buffer.concat(chunks).toString('utf8'))));
        response.on('error', (error) => finish(describeFailure(error, host, false)));
        response.on('close', () => {
          if (!response.complete) finish(cut(host));
        });
      });
      request.end(body);
    });
  }

  return {
    post,
    close() {
      closed = true;
      httpsAgent.destroy();
      httpAgent.destroy();
    },
  };
}

function failed(code: Failure['code'], error: string): Promise<TransportResult> {
  return Promise.resolve({ kind: 'failed', code, error });
}

function single(value: string | string[] | undefined): string | null {
  return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
}

function cut(host: string): Failure {
  return { kind: 'failed', code: 'unreachable', error: `The connection to ${host} was cut` };
}

/**
 * A request's error in words. Only the error's code and, for TLS and socket errors, OpenSSL's
 * or the system's own message go into the words: those never hold a header or the body.
 */
function describeFailure(error: unknown, host: string, withCa: boolean): Failure {
  const code = String((error as { code?: unknown }).code ?? '');
  const reason = error instanceof Error ? error.message : String(error);
  const certificate = (words: string): Failure => ({
    kind: 'failed',
    code: 'certificate',
    error: words,
  });
  const unreachable = (words: string): Failure => ({
    kind: 'failed',
    code: 'unreachable',
    error: words,
  });
  if (code === pinMismatch) {
    return certificate(
      `The district's certificate at ${host} does not match the pinned keys ` +
        '(district.publicKeyPins)',
    );
  }
  if (untrusted.has(code)) {
    return certificate(
      `The district's certificate at ${host} is not trusted: ${reason} ` +
        (withCa
          ? "(is district.caFile the district's CA?)"
          : "(set district.caFile to the district's CA)"),
    );
  }
  if (outOfDate.has(code)) {
    return certificate(
      `The district's certificate at ${host} is not valid now: ${reason} ` +
        "(check this computer's clock, or the district must renew it)",
    );
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    const detail = (error as { reason?: unknown }).reason;
    return certificate(
      `The district's certificate is not for ${host}` +
        (typeof detail === 'string' ? `: ${detail}` : ''),
    );
  }
  if (otherCertificateProblems.has(code)) {
    return certificate(`The district's certificate at ${host} is not accepted: ${reason}`);
  }
  if (code === 'EPROTO' || code.startsWith('ERR_SSL_')) {
    // OpenSSL's message is a line of internals; its reason is the part a person can use.
    const detail = /SSL routines:[^:]*:([^:]+)/.exec(reason)?.[1] ?? reason;
    return unreachable(`The district server at ${host} did not answer in TLS: ${detail}`);
  }
  if (code === 'ECONNREFUSED')
    return unreachable(`The district server at ${host} refused the connection`);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return unreachable(`Cannot find ${host}: no network?`);
  if (code === 'ECONNRESET' || code === 'EPIPE') return cut(host);
  if (code.startsWith('HPE_')) {
    return unreachable(`The district server at ${host} sent an answer that is not HTTP`);
  }
  return unreachable(`Cannot reach ${host}: ${reason}`);
}

// The visitor's appointment pass as text for a QR code, signed by the school so the gate can
// check it offline: `GP1.<base64url(payload)>.<base64url(signature)>`. The payload is UTF-8
// JSON with short keys (a smaller QR is easier to scan from a phone screen); the Ed25519
// signature covers the ASCII bytes `GP1.<base64url(payload)>`, so the version prefix is signed
// too. The visitor's ID number is never in the pass: a photographed QR must not leak it.
// Pure: node:crypto only, no clock (the caller passes `now`), no files, no database.
import { createHash, sign, verify, type KeyObject } from 'node:crypto';

export const passPrefix = 'GP1.';

/** Longest text verifyPass looks at; anything longer is refused before any decoding. */
export const maxPassLength = 2048;

/** How early a pass is accepted: the kiosk's clock may run a little behind the school's. */
export const passClockToleranceMs = 5 * 60 * 1000;

/** Entries a single pass may allow: more is a typing slip when the appointment was made. */
export const maxPassUses = 1000;

// Limits on the text fields, so that a pass always fits in a QR a phone can show.
const maxFieldLength = 120;

export interface PassFields {
  appointmentId: string;
  /** The visitor's name as shown to the guard. */
  name: string;
  /** Who is being visited (a teacher, an office). */
  host: string;
  /** Where the visitor may go. */
  area: string;
  validFrom: Date;
  validTo: Date;
  /** Entries allowed; each use at the gate is counted in the database. */
  uses: number;
  /** When the pass was made; defaults to now. */
  issuedAt?: Date;
}

/** A verified pass, with the key that signed it. */
export interface Pass extends Required<PassFields> {
  kid: string;
}

export type PassRefusal =
  | 'not-a-pass'
  | 'malformed'
  | 'unknown-key'
  // One reason for an altered pass and for one signed with a wrong key: both are a signature
  // that does not verify under the key the pass names, and Ed25519 gives no way to tell which
  // bytes changed or who signed. Reporting "altered" would be a guess presented as a fact.
  | 'forged'
  | 'expired'
  | 'not-yet-valid';

export type PassVerification = { ok: true; pass: Pass } | { ok: false; reason: PassRefusal };

export type PassDecision =
  | {
      ok: true;
      pass: Pass;
      /** Entries still allowed after this one. */
      remaining: number;
    }
  | { ok: false; reason: PassRefusal | 'revoked' | 'used-up' };

/**
 * The kid of a public key: the first 8 hex digits of SHA-256 of its DER (SPKI) encoding.
 * Short, because it is in every QR; 32 bits tell a handful of school keys apart, and a clash
 * could only make a pass fail to verify, never make a wrong one pass.
 */
export function keyId(publicKey: KeyObject): string {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('hex').slice(0, 8);
}

/**
 * Signs a pass. Throws RangeError on fields that would make a pass the gate cannot use (empty
 * or over-long text, a window that ends before it starts, a use count that is not a positive
 * whole number, a result too long for verifyPass): better refused at the desk than at the gate.
 */
export function signPass(fields: PassFields, privateKey: KeyObject, kid: string): string {
  if (privateKey.type !== 'private' || privateKey.asymmetricKeyType !== 'ed25519') {
    throw new TypeError('passes are signed with an Ed25519 private key');
  }
  checkText('kid', kid, 32);
  checkText('appointmentId', fields.appointmentId, 64);
  checkText('name', fields.name, maxFieldLength);
  checkText('host', fields.host, maxFieldLength);
  checkText('area', fields.area, maxFieldLength);
  const from = isoSeconds('validFrom', fields.validFrom);
  const to = isoSeconds('validTo', fields.validTo);
  const iat = isoSeconds('issuedAt', fields.issuedAt ?? new Date());
  if (fields.validTo.getTime() <= fields.validFrom.getTime()) {
    throw new RangeError('a pass must end after it starts');
  }
  if (!Number.isInteger(fields.uses) || fields.uses < 1 || fields.uses > maxPassUses) {
    throw new RangeError(`a pass allows 1 to ${maxPassUses} entries`);
  }
  // Key order is fixed here, so the same fields always give the same text.
  const payload = {
    v: 1,
    kid,
    aid: fields.appointmentId,
    name: fields.name,
    host: fields.host,
    area: fields.area,
    from,
    to,
    uses: fields.uses,
    iat,
  };
  const signed = passPrefix + Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
  const signature = sign(null, Buffer.from(signed, 'ascii'), privateKey);
  const text = `${signed}.${signature.toString('base64url')}`;
  if (text.length > maxPassLength) {
    throw new RangeError(`the pass is ${text.length} characters; at most ${maxPassLength}`);
  }
  return text;
}

/**
 * Checks a scanned text. Never throws on the text, whatever it holds; `not-a-pass` means the
 * text is not meant to be a pass at all (a campus card, a health code), so the caller may try
 * other readings. Valid from `validFrom` minus the clock tolerance to `validTo` inclusive.
 * Throws RangeError only for an invalid `now`, a bug in the caller rather than a bad pass.
 */
export function verifyPass(
  text: unknown,
  publicKeys: ReadonlyMap<string, KeyObject>,
  now: Date,
): PassVerification {
  const time = now.getTime();
  if (!Number.isFinite(time)) throw new RangeError('verifyPass needs a valid time');
  if (typeof text !== 'string' || !text.startsWith(passPrefix)) {
    return refuse('not-a-pass');
  }
  if (text.length > maxPassLength) return refuse('malformed');
  const parts = text.split('.');
  if (parts.length !== 3) return refuse('malformed');
  const [, payloadText = '', signatureText = ''] = parts;
  const payloadBytes = decodeBase64url(payloadText);
  const signature = decodeBase64url(signatureText);
  if (payloadBytes === null || signature === null || signature.length !== 64) {
    return refuse('malformed');
  }

  // The kid is read before the signature is checked, only to pick the key: nothing else in
  // the payload is trusted until the signature verifies.
  const payload = parsePayload(payloadBytes);
  const signed = Buffer.from(`${passPrefix}${payloadText}`, 'ascii');
  const named = payload === null ? undefined : publicKeys.get(payload.kid);
  if (payload === null || named === undefined) {
    // The kid is unreadable or names a key this gate does not hold. If no key we hold signed
    // these bytes, a readable kid means another school's (or a retired) key, which this gate
    // cannot judge; an unreadable payload is bytes changed after signing.
    const anyKey = [...publicKeys.values()].some((key) => verifies(signed, signature, key));
    if (!anyKey) return refuse(payload === null ? 'forged' : 'unknown-key');
    // One of our keys signed a payload that does not name it: our own signer's mistake.
    return refuse('malformed');
  }
  if (!verifies(signed, signature, named)) return refuse('forged');

  if (time < payload.validFrom.getTime() - passClockToleranceMs) return refuse('not-yet-valid');
  if (time > payload.validTo.getTime()) return refuse('expired');
  return { ok: true, pass: payload };
}

/**
 * Adds what only the database knows: whether the appointment was revoked, whether the
 * retention purge erased it, and how many times the pass has already let someone in.
 * Revocation comes first: a revoked pass is refused as revoked even when it also happens to be
 * used up. An erased appointment's visit ended longer ago than the retention period, so its
 * pass is refused as expired even when this gate's clock runs so far behind that the pass's
 * own dates still look valid. Counting a use must be done atomically by the caller (an UPDATE
 * with the count in its WHERE), or two gates could both let in the last entry.
 */
export function passDecision(
  verification: PassVerification,
  state: { revoked: boolean; used: number; erased?: boolean },
): PassDecision {
  if (!verification.ok) return verification;
  if (!Number.isInteger(state.used) || state.used < 0) {
    // NaN would compare as "not used up": refuse loudly rather than open the gate.
    throw new RangeError('the use count must be a whole number, 0 or more');
  }
  if (state.revoked) return { ok: false, reason: 'revoked' };
  if (state.erased === true) return { ok: false, reason: 'expired' };
  const { pass } = verification;
  if (state.used >= pass.uses) return { ok: false, reason: 'used-up' };
  return { ok: true, pass, remaining: pass.uses - state.used - 1 };
}

function refuse(reason: PassRefusal): PassVerification {
  return { ok: false, reason };
}

function verifies(signed: Buffer, signature: Buffer, key: KeyObject): boolean {
  try {
    return verify(null, signed, key, signature);
  } catch {
    // A key that is not an Ed25519 public key in the map: it cannot have signed this.
    return false;
  }
}

const base64url = /^[A-Za-z0-9_-]+$/;

/**
 * Strict base64url: Node's decoder skips characters it does not know and ignores the unused
 * bits of the last character, so two different texts could give the same bytes. Only the one
 * canonical spelling is accepted, so a changed character always changes the bytes.
 */
function decodeBase64url(text: string): Buffer | null {
  if (!base64url.test(text)) return null;
  const bytes = Buffer.from(text, 'base64url');
  return bytes.toString('base64url') === text ? bytes : null;
}

const isoTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/;

function parsePayload(bytes: Buffer): Pass | null {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return null;
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return null;
  const record = json as Record<string, unknown>;
  const { v, kid, aid, name, host, area, from, to, uses, iat } = record;
  if (v !== 1) return null;
  if (![kid, aid, name, host, area].every((field) => typeof field === 'string' && field !== '')) {
    return null;
  }
  if (!Number.isInteger(uses) || (uses as number) < 1 || (uses as number) > maxPassUses) {
    return null;
  }
  const validFrom = parseTime(from);
  const validTo = parseTime(to);
  const issuedAt = parseTime(iat);
  if (validFrom === null || validTo === null || issuedAt === null) return null;
  if (validTo.getTime() <= validFrom.getTime()) return null;
  return {
    kid: kid as string,
    appointmentId: aid as string,
    name: name as string,
    host: host as string,
    area: area as string,
    validFrom,
    validTo,
    uses: uses as number,
    issuedAt,
  };
}

function parseTime(value: unknown): Date | null {
  if (typeof value !== 'string' || !isoTime.test(value)) return null;
  const date = new Date(value);
  // Rejects dates the pattern allows but the calendar does not (2026-02-30).
  if (!Number.isFinite(date.getTime())) return null;
  return isoSeconds('time', date) === value.replace('.000Z', 'Z') ? date : null;
}

/** ISO 8601 in UTC, without the milliseconds when there are none, to keep the QR small. */
function isoSeconds(field: string, date: Date): string {
  if (!(date instanceof Date) || !Number.isFinite(date.getTime())) {
    throw new RangeError(`${field} must be a valid date`);
  }
  return date.toISOString().replace('.000Z', 'Z');
}

function checkText(field: string, value: string, max: number): void {
  if (typeof value !== 'string' || value.trim() === '' || value.length > max) {
    throw new RangeError(`${field} must be text of 1 to ${max} characters`);
  }
}

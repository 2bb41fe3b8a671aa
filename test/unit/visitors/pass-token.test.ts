// The signed appointment pass: a round trip, every single changed byte refused, another
// school's key, the clock tolerance at its edges, and garbage of every kind refused with a
// reason and never a throw; then what only the database adds (revoked, used up).
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  keyId,
  maxPassLength,
  passClockToleranceMs,
  passDecision,
  signPass,
  verifyPass,
  type PassFields,
  type PassVerification,
} from '../../../backend/visitors/pass-token';

function keyPair() {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { privateKey, publicKey, kid: keyId(publicKey) };
}

const school = keyPair();
const otherSchool = keyPair();
const schoolKeys = new Map([[school.kid, school.publicKey]]);

const fields: PassFields = {
  appointmentId: 'A2026112300017',
  name: '张伟',
  host: '王老师（三年级二班）',
  area: '教学楼A座',
  validFrom: new Date('2026-11-23T09:00:00Z'),
  validTo: new Date('2026-11-23T11:30:00Z'),
  uses: 2,
  issuedAt: new Date('2026-11-22T16:05:00Z'),
};
const during = new Date('2026-11-23T10:00:00Z');
const token = signPass(fields, school.privateKey, school.kid);

/** The text signed over an arbitrary payload, for payloads signPass would never make. */
function signRaw(payload: Uint8Array, key: KeyObject = school.privateKey): string {
  const signed = `GP1.${Buffer.from(payload).toString('base64url')}`;
  return `${signed}.${sign(null, Buffer.from(signed), key).toString('base64url')}`;
}

function signJson(payload: unknown, key?: KeyObject): string {
  return signRaw(Buffer.from(JSON.stringify(payload)), key);
}

const goodPayload = {
  v: 1,
  kid: school.kid,
  aid: 'A1',
  name: 'N',
  host: 'H',
  area: 'B',
  from: '2026-11-23T09:00:00Z',
  to: '2026-11-23T11:30:00Z',
  uses: 1,
  iat: '2026-11-22T16:05:00Z',
};

function parts(text: string): { payload: Buffer; signature: Buffer } {
  const [, payload = '', signature = ''] = text.split('.');
  return {
    payload: Buffer.from(payload, 'base64url'),
    signature: Buffer.from(signature, 'base64url'),
  };
}

function join(payload: Buffer, signature: Buffer): string {
  return `GP1.${payload.toString('base64url')}.${signature.toString('base64url')}`;
}

function reasonOf(result: PassVerification): string {
  return result.ok ? 'ok' : result.reason;
}

describe('signPass and verifyPass', () => {
  it('round-trips every field', () => {
    expect(token).toMatch(/^GP1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{86}$/);
    expect(verifyPass(token, schoolKeys, during)).toEqual({
      ok: true,
      pass: { ...fields, kid: school.kid },
    });
  });

  it('carries the short names and nothing else, and no ID number', () => {
    const payload: unknown = JSON.parse(parts(token).payload.toString('utf8'));
    expect(payload).toEqual({
      v: 1,
      kid: school.kid,
      aid: 'A2026112300017',
      name: '张伟',
      host: '王老师（三年级二班）',
      area: '教学楼A座',
      from: '2026-11-23T09:00:00Z',
      to: '2026-11-23T11:30:00Z',
      uses: 2,
      iat: '2026-11-22T16:05:00Z',
    });
  });

  it('keeps milliseconds only when there are some', () => {
    const text = signPass(
      { ...fields, validTo: new Date('2026-11-23T11:30:00.250Z') },
      school.privateKey,
      school.kid,
    );
    const result = verifyPass(text, schoolKeys, during);
    expect(result.ok && result.pass.validTo.toISOString()).toBe('2026-11-23T11:30:00.250Z');
  });

  it('gives the same text for the same fields (Ed25519 is deterministic)', () => {
    expect(signPass(fields, school.privateKey, school.kid)).toBe(token);
  });

  it('round-trips emoji and quotes in the text fields', () => {
    const odd = { ...fields, name: 'Zoë "Z" O\'Brien 😀', host: '<b>&amp;</b>' };
    const result = verifyPass(signPass(odd, school.privateKey, school.kid), schoolKeys, during);
    expect(result).toEqual({ ok: true, pass: { ...odd, kid: school.kid } });
  });

  it('is under 400 characters for a typical visitor (QR version 15 at level M)', () => {
    // 387 here: 86 for the signature, the rest is the payload in base64url, where every
    // Chinese character costs 4 characters. See the image test for the QR version.
    expect(token.length).toBeGreaterThan(300);
    expect(token.length).toBeLessThan(400);
  });
});

describe('a changed pass', () => {
  const { payload, signature } = parts(token);
  const text = payload.toString('utf8');
  const kidStart = Buffer.byteLength(text.slice(0, text.indexOf(school.kid)));
  const kidEnd = kidStart + school.kid.length;

  it('is forged when any one byte of the payload changes (unknown-key inside the kid)', () => {
    for (let index = 0; index < payload.length; index += 1) {
      for (const flip of [0x01, 0x20, 0x80]) {
        const changed = Buffer.from(payload);
        changed[index] = (changed[index] ?? 0) ^ flip;
        const reason = reasonOf(verifyPass(join(changed, signature), schoolKeys, during));
        // A changed kid names a key this gate does not have: it cannot tell a tampered kid
        // from another school's pass, and both are refused.
        const inKid = index >= kidStart && index < kidEnd;
        expect([index, reason]).toEqual([index, inKid ? expect.any(String) : 'forged']);
        expect(inKid ? ['forged', 'unknown-key'] : ['forged']).toContain(reason);
      }
    }
  });

  it('is forged when any one byte of the signature changes', () => {
    for (let index = 0; index < signature.length; index += 1) {
      const changed = Buffer.from(signature);
      changed[index] = (changed[index] ?? 0) ^ 0x01;
      expect([index, reasonOf(verifyPass(join(payload, changed), schoolKeys, during))]).toEqual([
        index,
        'forged',
      ]);
    }
  });

  it('is refused whatever single character of the text is replaced', () => {
    const alphabet = 'Ab9_-.=+/ ';
    for (let index = 0; index < token.length; index += 1) {
      for (const character of alphabet) {
        if (token[index] === character) continue;
        const changed = token.slice(0, index) + character + token.slice(index + 1);
        expect(verifyPass(changed, schoolKeys, during).ok).toBe(false);
      }
    }
  });

  it('is malformed when the base64url is not in its one canonical spelling', () => {
    // 64 bytes are 86 characters; the last one carries 4 unused bits, which Node ignores,
    // so it is one of A, Q, g, w, and the next letter up decodes to the same bytes.
    const last = token.at(-1) ?? '';
    expect('AQgw').toContain(last);
    const changed = token.slice(0, -1) + String.fromCharCode(last.charCodeAt(0) + 1);
    expect(parts(changed).signature.equals(parts(token).signature)).toBe(true);
    expect(verifyPass(changed, schoolKeys, during)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('signed by another school is unknown-key, or forged when it claims our kid', () => {
    const theirs = signPass(fields, otherSchool.privateKey, otherSchool.kid);
    expect(verifyPass(theirs, schoolKeys, during)).toEqual({ ok: false, reason: 'unknown-key' });
    const impostor = signPass(fields, otherSchool.privateKey, school.kid);
    expect(verifyPass(impostor, schoolKeys, during)).toEqual({ ok: false, reason: 'forged' });
    // A gate that holds both keys (the school changed keys) accepts both passes.
    const both = new Map([...schoolKeys, [otherSchool.kid, otherSchool.publicKey]]);
    expect(verifyPass(theirs, both, during).ok).toBe(true);
    expect(verifyPass(token, both, during).ok).toBe(true);
  });

  it('is forged when checked against no keys at all, and refused with a broken key', () => {
    expect(reasonOf(verifyPass(token, new Map(), during))).toBe('unknown-key');
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey;
    expect(reasonOf(verifyPass(token, new Map([[school.kid, rsa]]), during))).toBe('forged');
  });
});

describe('the validity window', () => {
  const from = fields.validFrom.getTime();
  const to = fields.validTo.getTime();

  it.each([
    ['long before', from - 86_400_000, 'not-yet-valid'],
    ['1 ms before the tolerance', from - passClockToleranceMs - 1, 'not-yet-valid'],
    ['at the start of the tolerance', from - passClockToleranceMs, 'ok'],
    ['1 minute early', from - 60_000, 'ok'],
    ['at valid-from', from, 'ok'],
    ['at valid-to', to, 'ok'],
    ['1 ms after valid-to', to + 1, 'expired'],
    ['a day later', to + 86_400_000, 'expired'],
  ])('%s: %s', (_label, time, reason) => {
    expect(reasonOf(verifyPass(token, schoolKeys, new Date(time)))).toBe(reason);
  });

  it('checks the signature before the time, so a forged expired pass is forged', () => {
    const { payload, signature } = parts(token);
    const changed = Buffer.from(signature);
    changed[0] = (changed[0] ?? 0) ^ 1;
    expect(reasonOf(verifyPass(join(payload, changed), schoolKeys, new Date(to + 1)))).toBe(
      'forged',
    );
  });

  it('throws only on an invalid clock, a bug in the caller', () => {
    expect(() => verifyPass(token, schoolKeys, new Date(Number.NaN))).toThrow(RangeError);
  });
});

describe('garbage', () => {
  const reasons = ['not-a-pass', 'malformed', 'unknown-key', 'forged'];
  const random = Buffer.from(Array.from({ length: 10_240 }, (_, i) => (i * 7919) % 256));
  const inputs: [string, unknown, string][] = [
    ['empty', '', 'not-a-pass'],
    ['a campus card', '20231234', 'not-a-pass'],
    ['a URL', 'https://example.org/health?code=abc', 'not-a-pass'],
    ['the prefix in lower case', token.toLowerCase(), 'not-a-pass'],
    ['the prefix alone', 'GP1.', 'malformed'],
    ['empty parts', 'GP1..', 'malformed'],
    ['two parts', `GP1.${parts(token).payload.toString('base64url')}`, 'malformed'],
    ['four parts', `${token}.AAAA`, 'malformed'],
    ['a trailing line break', `${token}\n`, 'malformed'],
    ['a leading space', ` ${token}`, 'not-a-pass'],
    ['padding', `${token}==`, 'malformed'],
    ['standard base64', token.replaceAll('-', '+').replaceAll('_', '/') + '+/', 'malformed'],
    ['a short signature', 'GP1.eyJ2IjoxfQ.AAAA', 'malformed'],
    ['10 KB of A after the prefix', `GP1.${'A'.repeat(10_240)}`, 'malformed'],
    ['10 KB of a pass repeated', token.repeat(40), 'malformed'],
    ['10 KB of binary', random.toString('latin1'), 'not-a-pass'],
    ['binary after the prefix', `GP1.${random.subarray(0, 500).toString('latin1')}.x`, 'malformed'],
    ['emoji', '😀🎫😀', 'not-a-pass'],
    ['emoji after the prefix', 'GP1.😀.🎫', 'malformed'],
    ['a lone surrogate', 'GP1.\ud800.\udfff', 'malformed'],
    ['NUL bytes', 'GP1.\u0000\u0000.\u0000', 'malformed'],
    ['SQL', "GP1.'; DROP TABLE passes; --.x", 'malformed'],
    ['SQL alone', "' OR 1=1 --", 'not-a-pass'],
    ['HTML', '<script>alert("GP1.")</script>', 'not-a-pass'],
    ['HTML after the prefix', 'GP1.<img src=x onerror=alert(1)>.x', 'malformed'],
    ['not a string: null', null, 'not-a-pass'],
    ['not a string: a number', 42, 'not-a-pass'],
    ['not a string: an object', { toString: () => token }, 'not-a-pass'],
    [
      'a 64-byte zero signature',
      `GP1.eyJ2IjoxfQ.${Buffer.alloc(64).toString('base64url')}`,
      'forged',
    ],
  ];

  it.each(inputs)('%s is refused with a reason', (_label, input, reason) => {
    let result: PassVerification | undefined;
    expect(() => {
      result = verifyPass(input, schoolKeys, during);
    }).not.toThrow();
    expect(result).toEqual({ ok: false, reason });
    expect(reasons).toContain(reason);
  });

  it('refuses over 2 KB before decoding anything', () => {
    const long = token + 'A'.repeat(maxPassLength - token.length + 1);
    expect(verifyPass(long, schoolKeys, during)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('does not throw on 5,000 random texts that start like a pass', () => {
    let seed = 1;
    const next = () => (seed = (seed * 48_271) % 2_147_483_647);
    for (let round = 0; round < 5_000; round += 1) {
      const length = next() % 200;
      const text = 'GP1.' + String.fromCharCode(...Array.from({ length }, () => next() % 0x3000));
      expect(verifyPass(text, schoolKeys, during).ok).toBe(false);
    }
  });
});

describe('payloads our own key signed but signPass would never make', () => {
  it.each([
    ['not JSON', Buffer.from('{"v":1,')],
    ['not UTF-8', Buffer.from([0x7b, 0xff, 0xfe, 0x7d])],
    ['an array', Buffer.from('[1,2]')],
    ['a string', Buffer.from('"GP1"')],
    ['version 2', Buffer.from(JSON.stringify({ ...goodPayload, v: 2 }))],
    ['no name', Buffer.from(JSON.stringify({ ...goodPayload, name: undefined }))],
    ['an empty area', Buffer.from(JSON.stringify({ ...goodPayload, area: '' }))],
    ['a numeric aid', Buffer.from(JSON.stringify({ ...goodPayload, aid: 17 }))],
    ['zero uses', Buffer.from(JSON.stringify({ ...goodPayload, uses: 0 }))],
    ['1.5 uses', Buffer.from(JSON.stringify({ ...goodPayload, uses: 1.5 }))],
    ['uses as text', Buffer.from(JSON.stringify({ ...goodPayload, uses: '1' }))],
    ['30 February', Buffer.from(JSON.stringify({ ...goodPayload, from: '2026-02-30T09:00:00Z' }))],
    ['a local time', Buffer.from(JSON.stringify({ ...goodPayload, to: '2026-11-23T11:30:00' }))],
    ['to before from', Buffer.from(JSON.stringify({ ...goodPayload, to: goodPayload.from }))],
    ['a missing iat', Buffer.from(JSON.stringify({ ...goodPayload, iat: undefined }))],
    ['another kid', Buffer.from(JSON.stringify({ ...goodPayload, kid: otherSchool.kid }))],
  ])('%s is malformed', (_label, payload) => {
    expect(verifyPass(signRaw(payload), schoolKeys, during)).toEqual({
      ok: false,
      reason: 'malformed',
    });
  });

  it('accepts the same payload when it is well made', () => {
    expect(verifyPass(signJson(goodPayload), schoolKeys, during).ok).toBe(true);
  });
});

describe('signPass refuses what the gate could not use', () => {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey;
  it.each([
    ['an empty name', { ...fields, name: ' ' }],
    ['a 121-character host', { ...fields, host: 'x'.repeat(121) }],
    ['a window ending as it starts', { ...fields, validTo: fields.validFrom }],
    ['an invalid date', { ...fields, validFrom: new Date('nonsense') }],
    ['zero uses', { ...fields, uses: 0 }],
    ['1.5 uses', { ...fields, uses: 1.5 }],
    ['1001 uses', { ...fields, uses: 1001 }],
    [
      'fields that escape to over 2 KB',
      {
        ...fields,
        name: '\u0001'.repeat(120),
        host: '\u0001'.repeat(120),
        area: '\u0001'.repeat(120),
      },
    ],
  ])('%s', (_label, bad) => {
    expect(() => signPass(bad, school.privateKey, school.kid)).toThrow(RangeError);
  });

  it('an empty kid, and keys that are not Ed25519 private keys', () => {
    expect(() => signPass(fields, school.privateKey, '')).toThrow(RangeError);
    expect(() => signPass(fields, rsa, school.kid)).toThrow(TypeError);
    expect(() => signPass(fields, school.publicKey, school.kid)).toThrow(TypeError);
  });
});

describe('passDecision', () => {
  const verified = verifyPass(token, schoolKeys, during);

  it.each([
    [false, 0, { ok: true, remaining: 1 }],
    [false, 1, { ok: true, remaining: 0 }],
    [false, 2, { ok: false, reason: 'used-up' }],
    [false, 7, { ok: false, reason: 'used-up' }],
    [true, 0, { ok: false, reason: 'revoked' }],
    [true, 2, { ok: false, reason: 'revoked' }],
  ])('revoked %s, used %i: %o', (revoked, used, expected) => {
    expect(passDecision(verified, { revoked, used })).toMatchObject(expected);
  });

  // An appointment the retention purge erased: its visit is long over, whatever the pass's own
  // dates say on a gate whose clock runs behind; a revoked one still says revoked.
  it.each([
    [false, 0, { ok: false, reason: 'expired' }],
    [false, 2, { ok: false, reason: 'expired' }],
    [true, 0, { ok: false, reason: 'revoked' }],
  ])('erased, revoked %s, used %i: %o', (revoked, used, expected) => {
    expect(passDecision(verified, { revoked, used, erased: true })).toEqual(expected);
  });

  it('passes the verification reason through first', () => {
    const expired = verifyPass(token, schoolKeys, new Date('2027-01-01T00:00:00Z'));
    expect(passDecision(expired, { revoked: true, used: 9 })).toEqual({
      ok: false,
      reason: 'expired',
    });
  });

  it('returns the pass when it lets someone in', () => {
    const decision = passDecision(verified, { revoked: false, used: 0 });
    expect(decision.ok && decision.pass.appointmentId).toBe('A2026112300017');
  });

  it('throws on a use count that is not a whole number rather than open the gate', () => {
    expect(() => passDecision(verified, { revoked: false, used: Number.NaN })).toThrow(RangeError);
    expect(() => passDecision(verified, { revoked: false, used: -1 })).toThrow(RangeError);
  });
});

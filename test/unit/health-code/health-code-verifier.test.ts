// The online health-code verifier against the fake platform: every answer it can give, a
// server error, garbage, an unknown result, a hang (timeout), and nobody listening.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOnlineVerifier } from '../../../backend/health-code/health-code-verifier';
import { startFakeVerifier, type FakeVerifier } from '../../rigs/fake-health-code-verifier';

let fake: FakeVerifier;

beforeAll(async () => {
  fake = await startFakeVerifier();
});

afterAll(async () => {
  await fake.close();
});

describe('the online health-code verifier', () => {
  it.each(['green', 'yellow', 'red', 'expired', 'not-found'] as const)(
    'answers %s when the platform says so, sending the code as JSON',
    async (result) => {
      fake.answer(result);
      const verifier = createOnlineVerifier({ url: fake.url, timeoutSeconds: 2 });
      expect(await verifier.verify(`code-${result}`)).toBe(result);
      expect(fake.codes.at(-1)).toBe(`code-${result}`);
    },
  );

  it.each([
    ['a 500', 'server-error'],
    ['an answer that is not JSON', 'garbage'],
    ['a result it does not know', 'unknown-result'],
  ] as const)('is failed on %s', async (_label, answer) => {
    fake.answer(answer);
    const verifier = createOnlineVerifier({ url: fake.url, timeoutSeconds: 2 });
    expect(await verifier.verify('code')).toBe('failed');
  });

  it('is timeout when the platform does not answer in time, and does not wait longer', async () => {
    fake.answer('hang');
    const verifier = createOnlineVerifier({ url: fake.url, timeoutSeconds: 1 });
    const started = Date.now();
    expect(await verifier.verify('code')).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('is failed when nobody listens', async () => {
    const verifier = createOnlineVerifier({ url: 'http://127.0.0.1:9/verify', timeoutSeconds: 2 });
    expect(await verifier.verify('code')).toBe('failed');
  });
});

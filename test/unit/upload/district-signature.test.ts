// The request signature exactly as docs/district-protocol.md gives it: its worked example
// (checked there with openssl) and a change of any signed part changing the signature.
import { describe, expect, it } from 'vitest';
import { signDistrictRequest } from '../../../backend/upload/district-client';

const body = new TextEncoder().encode('abc');

describe('signDistrictRequest', () => {
  it('gives the protocol document’s example signature', () => {
    expect(signDistrictRequest('s3cret', 'POST', '/v1/batches', '1795392000000', body)).toBe(
      'v1=450109859a82326b9e5060b8dbb7f8b75679cee6c340f0c2be22a5a9bcc5c2bc',
    );
  });

  it('changes with the secret, the method, the path, the time and the body', () => {
    const base = signDistrictRequest('s3cret', 'POST', '/v1/batches', '1', body);
    const variants = [
      signDistrictRequest('s3cres', 'POST', '/v1/batches', '1', body),
      signDistrictRequest('s3cret', 'PUT', '/v1/batches', '1', body),
      signDistrictRequest('s3cret', 'POST', '/v1/daily-reports', '1', body),
      signDistrictRequest('s3cret', 'POST', '/v1/batches', '2', body),
      signDistrictRequest('s3cret', 'POST', '/v1/batches', '1', new TextEncoder().encode('abd')),
    ];
    for (const variant of variants) expect(variant).not.toBe(base);
  });
});

// Whom server mode counts and logs a request as: the socket's address, or behind a proxy on
// this machine the right-most X-Forwarded-For entry (the one the proxy wrote), never an entry
// the caller could have written and never a header from a caller that did not come through it.
import { describe, expect, it } from 'vitest';
import { clientAddress } from '../../../server/server';

describe('clientAddress', () => {
  it('is the socket’s address without a proxy, whatever the header says', () => {
    expect(clientAddress('192.168.1.20', '10.9.9.9', false)).toBe('192.168.1.20');
    expect(clientAddress('127.0.0.1', '10.9.9.9', false)).toBe('127.0.0.1');
  });

  it.each([
    ['one entry the proxy set', '192.168.1.20', '192.168.1.20'],
    ['the entry the proxy appended', '6.6.6.6, 192.168.1.20', '192.168.1.20'],
    ['two headers, joined', ['6.6.6.6', '192.168.1.20'], '192.168.1.20'],
    ['IPv6', '10.0.0.1, 2001:db8::7', '2001:db8::7'],
    ['bracketed IPv6', '[2001:db8::7]', '2001:db8::7'],
  ])('behind the proxy, is the right-most entry: %s', (_, header, expected) => {
    expect(clientAddress('127.0.0.1', header, true)).toBe(expected);
    expect(clientAddress('::ffff:127.0.0.1', header, true)).toBe(expected);
  });

  it('is the socket’s address behind the proxy when the header has no address at its end', () => {
    expect(clientAddress('127.0.0.1', undefined, true)).toBe('127.0.0.1');
    expect(clientAddress('127.0.0.1', '192.168.1.20, unknown', true)).toBe('127.0.0.1');
    expect(clientAddress('127.0.0.1', '', true)).toBe('127.0.0.1');
  });

  it('believes no header from a caller that reached the kiosk without the proxy', () => {
    expect(clientAddress('192.168.1.66', '192.168.1.20', true)).toBe('192.168.1.66');
  });
});

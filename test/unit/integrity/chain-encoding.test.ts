// The chain's canonical encoding and hashes: unambiguous (no two value lists share bytes),
// typed (1 is not '1', NULL is not ''), stable (a pinned vector: changing the encoding would
// break every chain already written), and the personal digest depends on its salt.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  chainedColumns,
  extensionColumns,
  splitChainRow,
  chainHash,
  encodeValues,
  genesisHash,
  isErased,
  personalColumns,
  personalDigest,
  type SqlValue,
} from '../../../backend/integrity/chain-encoding';

const hex = (values: SqlValue[]) => encodeValues(values).toString('hex');

describe('encodeValues', () => {
  it('writes a tag, a 4-byte big-endian length and the bytes of each value', () => {
    expect(hex([null])).toBe('4e');
    expect(hex(['ab'])).toBe('54000000026162');
    expect(hex([''])).toBe('5400000000');
    expect(hex([42])).toBe('49000000023432');
    expect(hex([-7n])).toBe('4900000002' + '2d37');
    expect(hex([Buffer.from([1, 2])])).toBe('42000000020102');
    expect(hex([36.5])).toBe('5200000008' + '4042400000000000');
    expect(hex(['张'])).toBe('5400000003e5bca0');
  });

  it('never gives two different value lists the same bytes', () => {
    const lists: SqlValue[][] = [
      ['ab', 'c'],
      ['a', 'bc'],
      ['abc'],
      ['abc', null],
      [null, 'abc'],
      [''],
      [null],
      ['null'],
      [1],
      ['1'],
      [1.5],
      ['1.5'],
      [Buffer.from('1')],
      [],
    ];
    const encoded = new Set(lists.map(hex));
    expect(encoded.size).toBe(lists.length);
  });

  it('encodes a REAL that is a whole number as SQLite gives it back: the integer', () => {
    expect(hex([36])).toBe(hex([36.0]));
    expect(hex([36])).not.toBe(hex([36.1]));
  });
});

describe('the hashes', () => {
  const salt = Buffer.alloc(32, 7);

  it('chain from the genesis hash by SHA-256 of tag, previous hash and encoding', () => {
    const digest = personalDigest(salt, ['张三', null]);
    const expected = createHash('sha256')
      .update('kiosk-entry-chain/v1')
      .update(Buffer.alloc(32))
      .update(encodeValues([1, 'check-1', digest]))
      .digest('hex');
    expect(genesisHash).toBe('0'.repeat(64));
    expect(chainHash(genesisHash, [1, 'check-1'], digest)).toBe(expected);
  });

  it('are pinned: the v1 encoding never changes (vector checked by an independent Python script)', () => {
    const digest = personalDigest(salt, ['张三', '11010520150101002X', 36.6, null]);
    expect(digest).toBe('7d0f4220ec0227f93f0a533129ec73066c3f753736434b05966da3ac0f6a1c2c');
    expect(chainHash(genesisHash, [1, 'check-1', '2026-11-23T00:00:00.000Z'], digest)).toBe(
      'bc0fb532ad4bf85da83ed830614031433d1f5772dbdeaf27109d7dc44aefad8a',
    );
  });

  it('change with any chained value, the previous hash or the digest', () => {
    const digest = personalDigest(salt, ['张三']);
    const base = chainHash(genesisHash, [1, 'pass'], digest);
    expect(chainHash(genesisHash, [1, 'deny'], digest)).not.toBe(base);
    expect(chainHash(base, [1, 'pass'], digest)).not.toBe(base);
    expect(chainHash(genesisHash, [1, 'pass'], personalDigest(salt, ['李四']))).not.toBe(base);
  });

  it('make the personal digest depend on the salt, so a purged entry cannot be guessed', () => {
    const fields = ['张三', '11010520150101002X'];
    expect(personalDigest(salt, fields)).toBe(personalDigest(Buffer.alloc(32, 7), fields));
    expect(personalDigest(Buffer.alloc(32, 8), fields)).not.toBe(personalDigest(salt, fields));
    expect(personalDigest(salt, ['张三', null])).not.toBe(personalDigest(salt, fields));
  });
});

describe('the column lists', () => {
  it('name each column once and keep personal fields out of the plain chain', () => {
    const all = [...chainedColumns, ...personalColumns];
    expect(new Set(all).size).toBe(all.length);
    expect(chainedColumns[0]).toBe('id');
    for (const personal of ['name', 'id_number', 'card_text', 'temperature_c', 'answers']) {
      expect(personalColumns).toContain(personal);
    }
  });

  it('hash an extension column only when it holds a value, so older rows encode as before', () => {
    const chained = chainedColumns.map((_, index) => `c${index}`);
    const personal = personalColumns.map((_, index) => `p${index}`);
    const before = [...chained, ...personal];
    const withNull = splitChainRow([...before, ...extensionColumns.map(() => null)]);
    const withGuard = splitChainRow([...before, '王保安']);
    expect(withNull.chained).toEqual(chained);
    expect(withNull.personal).toEqual(personal);
    expect(withGuard.chained).toEqual([...chained, '王保安']);
    expect(chainHash(genesisHash, withGuard.chained, 'd')).not.toBe(
      chainHash(genesisHash, withNull.chained, 'd'),
    );
  });

  it('count NULL and the empty text as erased, anything else as present', () => {
    expect([null, '', 0, '0', 'x', Buffer.alloc(0)].map(isErased)).toEqual([
      true,
      true,
      false,
      false,
      false,
      false,
    ]);
  });
});

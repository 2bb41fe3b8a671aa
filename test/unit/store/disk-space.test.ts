// The storage alarm's rules: which errors are a full disk, when the alarm rises and clears, and
// the low-space warning from the sampled free space; with free space and the clock injected.
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { StorageStatus } from '../../../contract/api';
import { ApiError } from '../../../contract/errors';
import {
  createStorageWatch,
  storageErrorCode,
  type StorageWatch,
} from '../../../backend/store/disk-space';

const megabyte = 1024 * 1024;
const full = new BetterSqlite3.SqliteError('database or disk is full', 'SQLITE_FULL');
const ioError = new BetterSqlite3.SqliteError('disk I/O error', 'SQLITE_IOERR_WRITE');
let watch: StorageWatch | null = null;

afterEach(() => watch?.close());

function setUp(freeMegabytes: number) {
  const free = { bytes: freeMegabytes * megabyte };
  const changes: StorageStatus[] = [];
  watch = createStorageWatch(
    '/data',
    () => new Date('2026-11-23T08:00:00.000Z'),
    (status) => changes.push(status),
    { freeBytes: () => free.bytes, lowBytes: 200 * megabyte },
  );
  return { watch, free, changes };
}

describe('storageErrorCode', () => {
  it.each([
    ['SQLITE_FULL', full, 'storage-full'],
    ['an I/O error', ioError, 'storage-failed'],
    ['ENOSPC', Object.assign(new Error('no space'), { code: 'ENOSPC' }), 'storage-full'],
    ['a storage-full ApiError', new ApiError('storage-full', 'full'), 'storage-full'],
    ['anything else', new Error('boom'), 'storage-failed'],
  ])('%s', (_label, error, code) => {
    expect(storageErrorCode(error)).toBe(code);
  });
});

describe('createStorageWatch', () => {
  it('raises the alarm on a refused write and clears it on the next written one', () => {
    const { watch, changes } = setUp(5000);
    expect(watch.status()).toMatchObject({ state: 'ok', since: null, detail: null });
    expect(watch.refused(full)).toBe('storage-full');
    expect(watch.refused(full)).toBe('storage-full');
    expect(watch.status()).toMatchObject({
      state: 'full',
      since: '2026-11-23T08:00:00.000Z',
      detail: 'database or disk is full',
    });
    watch.written();
    watch.written();
    expect(changes.map((change) => change.state)).toEqual(['full', 'ok']);
  });

  it('calls an I/O error a full disk when almost no space is left', () => {
    const { watch, free } = setUp(5000);
    expect(watch.refused(ioError)).toBe('storage-failed');
    expect(watch.status().state).toBe('failed');
    free.bytes = 100 * 1024;
    expect(watch.refused(ioError)).toBe('storage-full');
    expect(watch.status().state).toBe('full');
  });

  it('warns when free space falls under the level, and stops when it returns', () => {
    const { watch, free, changes } = setUp(5000);
    free.bytes = 150 * megabyte;
    watch.sample();
    expect(watch.status()).toMatchObject({ state: 'low', freeBytes: 150 * megabyte });
    watch.sample();
    free.bytes = 900 * megabyte;
    watch.sample();
    expect(changes.map((change) => change.state)).toEqual(['low', 'ok']);
  });

  it('wraps a log: a refused append throws the code the guard reads', () => {
    const { watch } = setUp(5000);
    let fail = true;
    const log = watch.watch({
      append: (entry: number) => {
        if (fail) throw full;
        return entry * 2;
      },
      recent: () => [],
    });
    expect(() => log.append(1)).toThrow(expect.objectContaining({ code: 'storage-full' }));
    expect(watch.status().state).toBe('full');
    fail = false;
    expect(log.append(2)).toBe(4);
    expect(watch.status().state).toBe('ok');
    expect(log.recent()).toEqual([]);
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  contentSecurityPolicy,
  handleAppRequest,
  mimeTypeOf,
  resolveAppRequest,
  resolveStaticFile,
} from '../../../backend/serving/app-protocol';

let sandbox: string;
let root: string;

beforeAll(() => {
  sandbox = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'app-protocol-')));
  root = path.join(sandbox, 'renderer');
  fs.mkdirSync(path.join(root, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>kiosk</title>');
  fs.writeFileSync(path.join(root, 'assets', 'app.js'), 'console.log(1);');
  fs.writeFileSync(path.join(root, 'assets', 'a b.css'), 'body{}');
  fs.writeFileSync(path.join(root, 'assets', '%2e%2e'), 'a file really named %2e%2e');
  fs.writeFileSync(path.join(sandbox, 'secret.txt'), 'outside the root');
  // A sibling whose name starts with the root's name: a prefix check without a separator leaks it.
  fs.mkdirSync(path.join(sandbox, 'renderer-private'));
  fs.writeFileSync(path.join(sandbox, 'renderer-private', 'key.txt'), 'outside the root');
  fs.symlinkSync(path.join(sandbox, 'secret.txt'), path.join(root, 'assets', 'link.txt'));
  fs.symlinkSync(sandbox, path.join(root, 'escape'));
});

afterAll(() => {
  fs.rmSync(sandbox, { recursive: true, force: true });
});

describe('resolveAppRequest', () => {
  it.each([
    ['app://kiosk/', 'index.html'],
    ['app://kiosk', 'index.html'],
    ['app://kiosk/index.html', 'index.html'],
    ['app://kiosk/assets/app.js', 'assets/app.js'],
    ['app://kiosk/assets/app.js?v=3#top', 'assets/app.js'],
    ['app://kiosk/assets/a%20b.css', 'assets/a b.css'],
    ['APP://KIOSK/assets/app.js', 'assets/app.js'],
    // Decoded once only: %252e%252e is the literal name "%2e%2e", inside the root.
    ['app://kiosk/assets/%252e%252e', 'assets/%2e%2e'],
  ])('serves %s', (url, file) => {
    const result = resolveAppRequest(root, url);
    expect(result).toEqual({
      ok: true,
      file: path.join(root, ...file.split('/')),
      mimeType: mimeTypeOf(file),
    });
  });

  it.each([
    // Not our scheme, or not a URL at all.
    ['file:///etc/passwd', 400],
    ['http://kiosk/index.html', 400],
    ['not a url', 400],
    // Another host on our scheme, or credentials in the URL.
    ['app://evil/index.html', 404],
    ['app://kiosk.evil/index.html', 404],
    ['app://kiosk:8080/index.html', 404],
    ['app://user:pass@kiosk/index.html', 404],
    // Encoded separators.
    ['app://kiosk/..%2f..%2fsecret.txt', 400],
    ['app://kiosk/assets%2fapp.js', 400],
    ['app://kiosk/..%5csecret.txt', 400],
    ['app://kiosk/..%5Csecret.txt', 400],
    // Windows separators, drive letters, alternate data streams.
    ['app://kiosk/..\\secret.txt', 400],
    ['app://kiosk/C:/Windows/win.ini', 400],
    ['app://kiosk/c%3a/Windows/win.ini', 400],
    ['app://kiosk/index.html::$DATA', 400],
    // Absolute paths smuggled in as empty segments.
    ['app://kiosk//etc/passwd', 400],
    ['app://kiosk/%2fetc/passwd', 400],
    ['app://kiosk/assets//app.js', 400],
    // NUL and other control characters.
    ['app://kiosk/index.html%00.js', 400],
    ['app://kiosk/index.html%0a', 400],
    // Malformed percent-encoding.
    ['app://kiosk/%E0%A4%A', 400],
    ['app://kiosk/%', 400],
    // Symbolic links that lead out of the root.
    ['app://kiosk/assets/link.txt', 404],
    ['app://kiosk/escape/secret.txt', 404],
    ['app://kiosk/escape/renderer-private/key.txt', 404],
    // Missing files and directories.
    ['app://kiosk/missing.js', 404],
    ['app://kiosk/assets', 404],
    ['app://kiosk/assets/', 400],
  ])('refuses %s with %i', (url, status) => {
    expect(resolveAppRequest(root, url)).toEqual({ ok: false, status });
  });

  // The URL parser collapses dot segments, encoded ones too, before we see the path: what is
  // left names a file at the root, which does not exist there.
  it.each([
    'app://kiosk/../secret.txt',
    'app://kiosk/%2e%2e/secret.txt',
    'app://kiosk/%2E%2E/secret.txt',
    'app://kiosk/assets/%2e%2e/%2e%2e/secret.txt',
    'app://kiosk/.%2e/secret.txt',
    'app://kiosk/assets/%2e%2e/%2e%2e/renderer-private/key.txt',
  ])('never serves a file outside the root for %s', (url) => {
    expect(resolveAppRequest(root, url)).toEqual({ ok: false, status: 404 });
  });

  it.each([
    '/../secret.txt',
    '/assets/../../secret.txt',
    '/%2e%2e/secret.txt',
    '/%2E%2E/secret.txt',
    '/.%2e/secret.txt',
    '/assets/%2e%2e/%2e%2e/secret.txt',
    '/./index.html',
    '/%2e/index.html',
    'index.html',
  ])('refuses the raw path %s when no URL parser normalised it', (pathname) => {
    expect(resolveStaticFile(root, pathname)).toEqual({ ok: false, status: 400 });
  });

  it('does not serve a sibling folder that merely shares the root as a name prefix', () => {
    const prefixRoot = path.join(sandbox, 'renderer');
    expect(resolveStaticFile(prefixRoot, '/escape/renderer-private/key.txt')).toEqual({
      ok: false,
      status: 404,
    });
  });

  it('answers 404 when the root itself is missing', () => {
    expect(resolveAppRequest(path.join(sandbox, 'no-such-root'), 'app://kiosk/')).toEqual({
      ok: false,
      status: 404,
    });
  });
});

describe('mimeTypeOf', () => {
  it.each([
    ['index.html', 'text/html; charset=utf-8'],
    ['app.JS', 'text/javascript; charset=utf-8'],
    ['decoder.wasm', 'application/wasm'],
    ['pass.wav', 'audio/wav'],
    ['blob.bin', 'application/octet-stream'],
  ])('%s is %s', (file, type) => {
    expect(mimeTypeOf(file)).toBe(type);
  });
});

describe('contentSecurityPolicy', () => {
  const directives = new Map(
    contentSecurityPolicy.split(';').map((directive) => {
      const [name = '', ...values] = directive.trim().split(/\s+/);
      return [name, values.join(' ')] as const;
    }),
  );

  it.each([
    ['default-src', "'self'"],
    ['script-src', "'self' 'wasm-unsafe-eval'"],
    ['style-src', "'self' 'unsafe-inline'"],
    ['img-src', "'self' data: blob:"],
    ['media-src', "'self' blob: mediastream:"],
    ['connect-src', "'self'"],
    ['worker-src', "'self'"],
    ['object-src', "'none'"],
    ['base-uri', "'none'"],
    ['frame-ancestors', "'none'"],
  ])('%s is %s', (name, value) => {
    expect(directives.get(name)).toBe(value);
  });

  it('never allows inline or evaluated scripts (WebAssembly compilation only)', () => {
    const sources = directives.get('script-src')?.split(' ') ?? [];
    expect(sources).not.toContain("'unsafe-inline'");
    expect(sources).not.toContain("'unsafe-eval'");
    expect(sources.filter((source) => source.includes('unsafe'))).toEqual(["'wasm-unsafe-eval'"]);
  });
});

describe('handleAppRequest', () => {
  it('serves a file with its type, its length and the security headers', async () => {
    const response = await handleAppRequest(root, { url: 'app://kiosk/', method: 'GET' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(contentSecurityPolicy);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    const body = await response.text();
    expect(body).toContain('<title>kiosk</title>');
    expect(response.headers.get('content-length')).toBe(`${Buffer.byteLength(body)}`);
  });

  it('answers HEAD without a body', async () => {
    const response = await handleAppRequest(root, {
      url: 'app://kiosk/assets/app.js',
      method: 'HEAD',
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-length')).toBe('15');
    expect(await response.text()).toBe('');
  });

  it.each([
    ['app://kiosk/..%2fsecret.txt', 'GET', 400],
    ['app://kiosk/missing.js', 'GET', 404],
    ['app://kiosk/index.html', 'POST', 405],
  ])('answers %s %s with %i, still carrying the CSP', async (url, method, status) => {
    const response = await handleAppRequest(root, { url, method });
    expect(response.status).toBe(status);
    expect(response.headers.get('content-security-policy')).toBe(contentSecurityPolicy);
    expect(await response.text()).toBe('');
  });
});

// Serves the built renderer under app://kiosk/ instead of file://, with the path checks a web
// server would make. It must never answer with a file outside the renderer folder, whatever
// the URL says (dot segments, encoded separators, symbolic links, NUL bytes, drive letters).
// fs is used through its default object, looked up at call time: inside a packaged app
// Electron patches these functions so they read from app.asar.
import fs from 'node:fs';
import path from 'node:path';
import { pageSecurityHeaders } from './security-headers';

export const appScheme = 'app';
export const appHost = 'kiosk';
export const appOrigin = `${appScheme}://${appHost}`;
export const appEntryUrl = `${appOrigin}/index.html`;

// The screen's content security policy lives with the other security headers.
export { contentSecurityPolicy } from './security-headers';

const mimeTypes: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
  '.webm': 'video/webm',
  '.mp4': 'video/mp4',
};

export type AppRequestResolution =
  { ok: true; file: string; mimeType: string } | { ok: false; status: 400 | 404 };

const badRequest = { ok: false, status: 400 } as const;
const notFound = { ok: false, status: 404 } as const;

/** Maps an app://kiosk/… URL to a file inside rootDir, or says why it will not. */
export function resolveAppRequest(rootDir: string, requestUrl: string): AppRequestResolution {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return badRequest;
  }
  if (url.protocol !== `${appScheme}:`) return badRequest;
  // Node keeps a non-special scheme's host as typed; Chromium lowercases a standard scheme's.
  if (url.host.toLowerCase() !== appHost || url.username !== '' || url.password !== '') {
    return notFound;
  }
  return resolveStaticFile(rootDir, url.pathname);
}

/**
 * Maps a URL path (still percent-encoded, as in URL.pathname) to a file inside rootDir. Shared
 * by the app:// protocol and server mode's static files.
 */
export function resolveStaticFile(rootDir: string, pathname: string): AppRequestResolution {
  const relative = decodeRelativePath(pathname);
  if (relative === undefined) return badRequest;

  const root = path.resolve(rootDir);
  const candidate = path.resolve(root, relative);
  if (!isInside(root, candidate)) return badRequest;

  // The lexical check above cannot see symbolic links; compare real paths as well.
  let realRoot: string;
  let realFile: string;
  try {
    realRoot = fs.realpathSync.native(root);
    realFile = fs.realpathSync.native(candidate);
  } catch {
    return notFound;
  }
  if (!isInside(realRoot, realFile)) return notFound;
  try {
    if (!fs.statSync(realFile).isFile()) return notFound;
  } catch {
    return notFound;
  }
  return { ok: true, file: realFile, mimeType: mimeTypeOf(realFile) };
}

export function mimeTypeOf(file: string): string {
  return mimeTypes[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * The path below the host, decoded exactly once, or undefined when it is not a plain
 * relative path of ordinary segments. '/' means index.html.
 */
function decodeRelativePath(pathname: string): string | undefined {
  // Encoded separators would survive URL normalisation and be split by the file system later.
  if (/%(2f|5c)/i.test(pathname)) return undefined;
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  // NUL and other control characters, Windows separators and drive or stream colons.
  if (/[\u0000-\u001f\u007f\\:]/.test(decoded)) return undefined;
  if (decoded === '') return 'index.html';
  if (!decoded.startsWith('/')) return undefined;
  const relative = decoded.slice(1);
  if (relative === '') return 'index.html';
  const segments = relative.split('/');
  // Empty segments ('//etc/passwd', 'a//b') and dot segments, literal or decoded from %2e.
  if (segments.some((segment) => segment === '' || segment === '.' || segment === '..')) {
    return undefined;
  }
  if (path.isAbsolute(relative) || path.win32.isAbsolute(relative)) return undefined;
  return segments.join(path.sep);
}

function isInside(root: string, candidate: string): boolean {
  const prefix = root.endsWith(path.sep) ? root : root + path.sep;
  return candidate.startsWith(prefix);
}

export interface AppRequestLike {
  url: string;
  method: string;
}

/** The protocol handler's body: a Response for any request, never a throw. */
export async function handleAppRequest(
  rootDir: string,
  request: AppRequestLike,
): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return errorResponse(405, { allow: 'GET, HEAD' });
  }
  const resolution = resolveAppRequest(rootDir, request.url);
  if (!resolution.ok) return errorResponse(resolution.status);
  try {
    const headers = { ...securityHeaders(), 'content-type': resolution.mimeType };
    if (request.method === 'HEAD') {
      const { size } = await fs.promises.stat(resolution.file);
      return new Response(null, {
        status: 200,
        headers: { ...headers, 'content-length': `${size}` },
      });
    }
    const body = new Uint8Array(await fs.promises.readFile(resolution.file));
    return new Response(body, {
      status: 200,
      headers: { ...headers, 'content-length': `${body.byteLength}` },
    });
  } catch {
    // Deleted or unreadable between the check and the read.
    return errorResponse(404);
  }
}

/** The same headers as server mode's pages (security-headers.ts), on every app:// answer. */
export function securityHeaders(): Record<string, string> {
  return pageSecurityHeaders();
}

function errorResponse(status: number, extraHeaders: Record<string, string> = {}): Response {
  return new Response(null, { status, headers: { ...securityHeaders(), ...extraHeaders } });
}

// The plain HTTP around the pages: cookies, form bodies, the Origin check, and sending a page,
// a redirect or a file with the headers every answer carries.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';

export const sessionCookie = 'bureau_session';
export const langCookie = 'bureau_lang';

export function cookies(req: IncomingMessage): Map<string, string> {
  const found = new Map<string, string>();
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at < 0) continue;
    const name = part.slice(0, at).trim();
    const value = part.slice(at + 1).trim();
    try {
      if (!found.has(name)) found.set(name, decodeURIComponent(value));
    } catch {
      // A cookie that is not ours and not URI-encoded: ignored.
    }
  }
  return found;
}

/**
 * What a proxy in front says the browser used (its first value): a proxy ending TLS forwards
 * plain HTTP and names the scheme and host in these. Safe to believe for the Origin check: a
 * browser does not let another site's form or script set them.
 */
function forwarded(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  const first = (Array.isArray(value) ? value[0] : value)?.split(',')[0]?.trim();
  return first || undefined;
}

export const isHttps = (req: IncomingMessage): boolean =>
  Boolean((req.socket as TLSSocket).encrypted) || forwarded(req, 'x-forwarded-proto') === 'https';

export function setCookie(
  res: ServerResponse,
  req: IncomingMessage,
  name: string,
  value: string,
  options: { httpOnly?: boolean; sameSite: 'Strict' | 'Lax'; maxAgeSeconds?: number },
): void {
  const parts = [
    `${name}=${encodeURIComponent(value)}`,
    'Path=/bureau',
    `SameSite=${options.sameSite}`,
  ];
  if (options.httpOnly) parts.push('HttpOnly');
  if (isHttps(req)) parts.push('Secure');
  if (options.maxAgeSeconds !== undefined) parts.push(`Max-Age=${options.maxAgeSeconds}`);
  const before = res.getHeader('Set-Cookie');
  const list = Array.isArray(before) ? before : before === undefined ? [] : [String(before)];
  res.setHeader('Set-Cookie', [...list, parts.join('; ')]);
}

/** The form a page posted: urlencoded, at most 64 KiB. */
export async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 64 * 1024) throw new FormTooLarge();
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

export class FormTooLarge extends Error {}

/**
 * A POST must come from these pages: its Origin names the host it was sent to. A form posted
 * from another site (cross-site request forgery) carries that site's Origin; every browser
 * sends Origin on a POST, so one without it is refused too.
 */
export function sameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  const host = forwarded(req, 'x-forwarded-host') ?? req.headers.host;
  if (!origin || !host || origin === 'null') return false;
  try {
    const url = new URL(origin);
    return url.host === host && url.protocol === (isHttps(req) ? 'https:' : 'http:');
  } catch {
    return false;
  }
}

function commonHeaders(res: ServerResponse): void {
  res.setHeader(
    'Content-Security-Policy',
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  );
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'same-origin');
  res.setHeader('Cache-Control', 'no-store');
}

export function sendPage(res: ServerResponse, status: number, page: ReactElement): void {
  const html = `<!DOCTYPE html>${renderToStaticMarkup(page)}`;
  commonHeaders(res);
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8' });
  res.end(html);
}

export function redirect(res: ServerResponse, location: string): void {
  commonHeaders(res);
  res.writeHead(303, { Location: location });
  res.end();
}

export function sendFile(
  res: ServerResponse,
  body: Buffer | string,
  type: string,
  options: { filename?: string; cache?: boolean } = {},
): void {
  commonHeaders(res);
  if (options.cache) res.setHeader('Cache-Control', 'private, max-age=300');
  const headers: Record<string, string> = { 'Content-Type': type };
  if (options.filename) {
    const ascii = options.filename.replace(/[^\x20-\x7e]/g, '_').replace(/"/g, '');
    headers['Content-Disposition'] =
      `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(options.filename)}`;
  }
  res.writeHead(200, headers);
  res.end(body);
}

/** Only a path on this site: `next` after sign-in must not send the officer elsewhere. */
export function localPath(text: string | null): string {
  return text && text.startsWith('/bureau') && !text.startsWith('//') && !text.includes('\\')
    ? text
    : '/bureau/';
}

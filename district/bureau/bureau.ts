// The bureau's pages behind /bureau: language, sign-in and sessions, the Origin check on every
// POST, then the page routes (page-routes.ts) and the admin's (admin-routes.ts). The service
// (district/service/server.ts) hands every request under /bureau to handle(), and calls
// sweep() every minute to raise the alerts that depend on the clock.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createElement } from 'react';
import type pg from 'pg';
import { schoolDay } from '../service/db';
import type { Keyring } from '../service/secrets';
import { checkSignIn } from './accounts';
import { timeText } from './format';
import {
  cookies,
  FormTooLarge,
  langCookie,
  localPath,
  readForm,
  redirect,
  sameOrigin,
  sendFile,
  sendPage,
  sessionCookie,
  setCookie,
} from './http';
import { BareMessage, MessagePage, SignInPage } from './pages/plain-pages';
import type { PageContext } from './pages/layout';
import { openAlertCount, sweepSilent } from './queries/alerts';
import { createSession, endSession, findSession } from './sessions';
import { stylesheet } from './style';
import { words, type Lang } from './words';
import { pageRoutes } from './page-routes';
import { adminRoutes } from './admin-routes';

export interface Bureau {
  /** Answers any request whose path is /bureau or starts with /bureau/. */
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** Raises the alerts that depend on the clock (a school silent at the deadline). Idempotent. */
  sweep(): Promise<void>;
}

export interface BureauOptions {
  pool: pg.Pool;
  keyring: Keyring;
  now: () => number;
  /**
   * The address kiosks upload to (`serve --public-url`), shown with a secret just issued; without
   * it the page works it out from its own address and the service's base path.
   */
  publicUrl?: string;
  basePath?: string;
}

/** What a route gets: the request, its parsed address, the signed-in context. */
export interface Request {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  ctx: PageContext;
  o: BureauOptions;
}

export function createBureau(o: BureauOptions): Bureau {
  const { pool, now } = o;

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://bureau.invalid');
    const path = url.pathname;
    const jar = cookies(req);
    const asked = url.searchParams.get('lang');
    if (req.method === 'GET' && (asked === 'zh' || asked === 'en')) {
      // The switch sets the cookie and comes back to the same page without ?lang.
      setCookie(res, req, langCookie, asked, { sameSite: 'Lax', maxAgeSeconds: 365 * 86_400 });
      url.searchParams.delete('lang');
      const rest = url.searchParams.toString();
      redirect(res, rest ? `${path}?${rest}` : path);
      return;
    }
    const lang: Lang = jar.get(langCookie) === 'en' ? 'en' : 'zh';
    const w = words[lang];
    const bare = (status: number, title: string, text: string) =>
      sendPage(res, status, createElement(BareMessage, { w, lang, title, text }));

    if (path === '/bureau') return redirect(res, '/bureau/');
    if (path === '/bureau/style.css' && req.method === 'GET') {
      return sendFile(res, stylesheet, 'text/css; charset=utf-8', { cache: true });
    }
    if (req.method !== 'GET' && req.method !== 'HEAD' && req.method !== 'POST') {
      res.writeHead(405, { Allow: 'GET, POST' }).end();
      return;
    }
    const post = req.method === 'POST';
    if (post && !sameOrigin(req)) return bare(403, w.badOrigin, w.badOrigin);
    const form = post ? await readForm(req) : new URLSearchParams();
    const token = jar.get(sessionCookie);

    if (path === '/bureau/sign-in') {
      const next = localPath(post ? form.get('next') : url.searchParams.get('next'));
      if (!post) {
        const session = await findSession(pool, token, now());
        if (session.state === 'ok') return redirect(res, next);
        const message = url.searchParams.has('expired')
          ? { kind: 'info' as const, text: w.signInExpired }
          : url.searchParams.has('out')
            ? { kind: 'ok' as const, text: w.signedOut }
            : undefined;
        return sendPage(res, 200, createElement(SignInPage, { w, lang, next, message }));
      }
      const username = form.get('username') ?? '';
      const result = await checkSignIn(pool, username, form.get('password') ?? '', now());
      if (result.ok) {
        const newToken = await createSession(pool, result.account.username, now());
        setCookie(res, req, sessionCookie, newToken, { httpOnly: true, sameSite: 'Strict' });
        return redirect(res, next);
      }
      const text =
        result.reason === 'locked'
          ? w.signInLocked(timeText(result.until, lang, schoolDay(now())))
          : w.signInWrong;
      const status = result.reason === 'locked' ? 429 : 401;
      return sendPage(
        res,
        status,
        createElement(SignInPage, { w, lang, next, username, message: { kind: 'bad', text } }),
      );
    }
    if (path === '/bureau/sign-out' && post) {
      await endSession(pool, token);
      setCookie(res, req, sessionCookie, '', {
        httpOnly: true,
        sameSite: 'Strict',
        maxAgeSeconds: 0,
      });
      return redirect(res, '/bureau/sign-in?out=1');
    }

    const session = await findSession(pool, token, now());
    if (session.state !== 'ok') {
      const query = new URLSearchParams();
      if (!post) query.set('next', `${path}${url.search}`);
      if (session.state === 'expired') query.set('expired', '1');
      return redirect(res, `/bureau/sign-in?${query.toString()}`);
    }
    const at = now();
    const ctx: PageContext = {
      lang,
      w,
      account: session.account,
      now: at,
      path,
      query: url.searchParams,
      today: schoolDay(at),
      openAlerts: await openAlertCount(pool),
    };
    const request: Request = { req, res, url, ctx, o };
    const message = (status: number, title: string, text: string) =>
      sendPage(res, status, createElement(MessagePage, { ctx, title, text }));

    if (path.startsWith('/bureau/admin')) {
      if (session.account.role !== 'admin') return message(403, w.navAdmin, w.adminOnly);
      if (await adminRoutes(request, form)) return;
    } else if (await pageRoutes(request, form)) {
      return;
    }
    return message(404, w.notFound, w.notFound);
  }

  return {
    async handle(req, res) {
      try {
        await route(req, res);
      } catch (error) {
        if (error instanceof FormTooLarge) {
          res.writeHead(413).end();
          return;
        }
        console.error('bureau: %s %s failed:', req.method, req.url, error);
        if (!res.headersSent) {
          const w = words[cookies(req).get(langCookie) === 'en' ? 'en' : 'zh'];
          sendPage(
            res,
            500,
            createElement(BareMessage, {
              w,
              lang: 'zh',
              title: w.serverError,
              text: w.serverError,
            }),
          );
        } else res.end();
      }
    },
    async sweep() {
      await sweepSilent(pool, now());
    },
  };
}

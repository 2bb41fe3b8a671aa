// The admin's pages: schools and gates through the register (district/service/registry.ts),
// accounts, and the deadline. After a change the page is shown again (a redirect, so a reload
// does not repeat it) with what was done; a refusal comes back on the page in words. An issued
// secret is the one answer shown directly, once, and never stored anywhere it could be read.
import { createElement } from 'react';
import {
  addGate,
  addSchool,
  closeSchool,
  issueSecret,
  listSchools,
  RegistryError,
  revokeGate,
} from '../service/registry';
import { AccountError, addAccount, disableAccount, listAccounts, setPassword } from './accounts';
import type { Request } from './bureau';
import { isHttps, redirect, sendPage } from './http';
import {
  AccountsAdminPage,
  SchoolsAdminPage,
  SettingsAdminPage,
  type IssuedSecret,
  type Message,
} from './pages/admin-pages';
import { isDeadline, reportDeadline, setReportDeadline } from './queries/settings';

export async function adminRoutes(request: Request, form: URLSearchParams): Promise<boolean> {
  const { req, res, url, ctx, o } = request;
  const { w } = ctx;
  const { pool } = o;
  const path = url.pathname;
  const post = req.method === 'POST';
  const actor = ctx.account.username;
  const done = url.searchParams.get('done');
  const id = url.searchParams.get('id') ?? '';
  const field = (name: string) => (form.get(name) ?? '').trim();

  if (path === '/bureau/admin' || path === '/bureau/admin/') {
    redirect(res, '/bureau/admin/schools');
    return true;
  }

  if (path === '/bureau/admin/schools') {
    const show = async (status: number, message?: Message, issued?: IssuedSecret) =>
      sendPage(
        res,
        status,
        createElement(SchoolsAdminPage, { ctx, schools: await listSchools(pool), message, issued }),
      );
    if (!post) {
      const texts: Record<string, (id: string) => string> = {
        'school-added': w.schoolAdded,
        'gate-added': w.gateAdded,
        revoked: w.gateRevoked,
        closed: w.schoolClosed,
      };
      const text = done ? texts[done]?.(id) : undefined;
      await show(200, text ? { kind: 'ok', text } : undefined);
      return true;
    }
    const action = field('action');
    const schoolId = field('schoolId');
    const gateId = field('gateId');
    try {
      if (action === 'add-school') {
        await addSchool(pool, { schoolId, name: field('name'), area: field('area') }, actor);
        redirect(res, `/bureau/admin/schools?done=school-added&id=${encodeURIComponent(schoolId)}`);
      } else if (action === 'add-gate') {
        await addGate(pool, { schoolId, gateId, name: field('name') }, actor);
        redirect(res, `/bureau/admin/schools?done=gate-added&id=${encodeURIComponent(gateId)}`);
      } else if (action === 'issue') {
        const secret = await issueSecret(pool, o.keyring, schoolId, gateId, actor);
        const proto =
          isHttps(req) || req.headers['x-forwarded-proto'] === 'https' ? 'https' : 'http';
        await show(200, undefined, {
          schoolId,
          gateId,
          secret,
          url: o.publicUrl ?? `${proto}://${req.headers.host ?? ''}${o.basePath ?? ''}`,
          derived: o.publicUrl === undefined,
        });
      } else if (action === 'revoke' && field('confirm') === 'yes') {
        await revokeGate(pool, schoolId, gateId, actor);
        redirect(res, `/bureau/admin/schools?done=revoked&id=${encodeURIComponent(gateId)}`);
      } else if (action === 'close' && field('confirm') === 'yes') {
        await closeSchool(pool, schoolId, actor);
        redirect(res, `/bureau/admin/schools?done=closed&id=${encodeURIComponent(schoolId)}`);
      } else {
        await show(400, { kind: 'bad', text: w.registryErrors.invalid ?? '' });
      }
    } catch (error) {
      if (!(error instanceof RegistryError)) throw error;
      const text = `${w.registryErrors[error.code] ?? error.code}：${error.message}`;
      await show(400, { kind: 'bad', text });
    }
    return true;
  }

  if (path === '/bureau/admin/accounts') {
    const show = async (status: number, message?: Message) =>
      sendPage(
        res,
        status,
        createElement(AccountsAdminPage, { ctx, accounts: await listAccounts(pool), message }),
      );
    if (!post) {
      const texts: Record<string, (name: string) => string> = {
        added: w.accountAdded,
        disabled: w.accountDisabled,
        password: w.passwordSet,
      };
      const text = done ? texts[done]?.(id) : undefined;
      await show(200, text ? { kind: 'ok', text } : undefined);
      return true;
    }
    const action = field('action');
    const username = field('username');
    const back = (what: string) =>
      redirect(res, `/bureau/admin/accounts?done=${what}&id=${encodeURIComponent(username)}`);
    try {
      if (action === 'add') {
        await addAccount(
          pool,
          {
            username,
            displayName: field('displayName'),
            role: field('role'),
            password: form.get('password') ?? '',
          },
          actor,
          ctx.now,
        );
        back('added');
      } else if (action === 'disable') {
        if (username === actor) {
          await show(400, { kind: 'bad', text: w.cannotDisableSelf });
          return true;
        }
        await disableAccount(pool, username, actor, ctx.now);
        back('disabled');
      } else if (action === 'password') {
        await setPassword(pool, username, form.get('password') ?? '', actor, ctx.now);
        back('password');
      } else {
        await show(400, { kind: 'bad', text: w.notFound });
      }
    } catch (error) {
      if (!(error instanceof AccountError)) throw error;
      await show(400, { kind: 'bad', text: w.accountErrors[error.code] ?? error.message });
    }
    return true;
  }

  if (path === '/bureau/admin/settings') {
    const show = async (status: number, message?: Message) =>
      sendPage(
        res,
        status,
        createElement(SettingsAdminPage, { ctx, deadline: await reportDeadline(pool), message }),
      );
    if (!post) {
      const text = done === 'saved' ? w.deadlineSaved(await reportDeadline(pool)) : undefined;
      await show(200, text ? { kind: 'ok', text } : undefined);
      return true;
    }
    const deadline = field('deadline');
    if (!isDeadline(deadline)) {
      await show(400, { kind: 'bad', text: w.badDeadline });
      return true;
    }
    await setReportDeadline(pool, deadline, actor, ctx.now);
    redirect(res, '/bureau/admin/settings?done=saved');
    return true;
  }
  return false;
}

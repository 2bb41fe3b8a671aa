// The pages every signed-in account reads: today's reports, alerts, fever and retests, missing
// records, a school's day, and the exports. Each returns false when the path is not its own.
import { createElement } from 'react';
import type { Request } from './bureau';
import { dayExport, schoolExport } from './export';
import { parseDay } from './format';
import { sendFile, sendPage, redirect } from './http';
import { AlertsPage } from './pages/alerts-page';
import { FeverPage } from './pages/fever-page';
import { MessagePage } from './pages/plain-pages';
import { MissingPage } from './pages/missing-page';
import { recordsPerPage, SchoolPage } from './pages/school-page';
import { TodayPage } from './pages/today-page';
import { acknowledgeAlert, listAlerts } from './queries/alerts';
import { dayReports } from './queries/day-reports';
import { missingOfDay } from './queries/missing';
import { schoolInfo, schoolRecords, schoolReports, watchOfDay } from './queries/records';

const xlsx = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export async function pageRoutes(request: Request, form: URLSearchParams): Promise<boolean> {
  const { req, res, url, ctx, o } = request;
  const { w } = ctx;
  const { pool } = o;
  const path = url.pathname;
  const post = req.method === 'POST';
  const message = (status: number, title: string, text: string) =>
    sendPage(res, status, createElement(MessagePage, { ctx, title, text }));

  // Every page reads one school day: ?date=YYYY-MM-DD, today (Beijing) without it.
  const asked = url.searchParams.get('date');
  const day = asked === null || asked === '' ? ctx.today : parseDay(asked);
  if (day === null) {
    message(400, w.badDate(asked ?? ''), w.badDate(asked ?? ''));
    return true;
  }

  if (path === '/bureau/' && !post) {
    const reports = await dayReports(pool, day, ctx.now);
    sendPage(res, 200, createElement(TodayPage, { ctx, reports }));
    return true;
  }
  if (path === '/bureau/alerts' && !post) {
    const alerts = await listAlerts(pool);
    const done = url.searchParams.get('done');
    const text =
      done === 'acknowledged'
        ? w.acknowledgedDone
        : done === 'already'
          ? w.alreadyAcknowledged
          : done === 'no-such-alert'
            ? w.noSuchAlert
            : null;
    const kind = done === 'acknowledged' ? ('ok' as const) : ('bad' as const);
    sendPage(
      res,
      200,
      createElement(AlertsPage, { ctx, ...alerts, message: text ? { kind, text } : undefined }),
    );
    return true;
  }
  const acknowledge = /^\/bureau\/alerts\/(\d{1,15})\/acknowledge$/.exec(path);
  if (acknowledge && post) {
    const note = (form.get('note') ?? '').trim().slice(0, 500);
    const result = await acknowledgeAlert(
      pool,
      Number(acknowledge[1]),
      ctx.account.username,
      note,
      ctx.now,
    );
    redirect(res, `/bureau/alerts?done=${result}`);
    return true;
  }
  if (path === '/bureau/fever' && !post) {
    const watch = await watchOfDay(pool, day);
    sendPage(res, 200, createElement(FeverPage, { ctx, day, watch }));
    return true;
  }
  if (path === '/bureau/missing' && !post) {
    const reports = await missingOfDay(pool, day);
    sendPage(res, 200, createElement(MissingPage, { ctx, day, reports }));
    return true;
  }
  if (path === '/bureau/export.xlsx' && !post) {
    const body = await dayExport(pool, w, day, ctx.account.username, ctx.now);
    sendFile(res, body, xlsx, { filename: `district-${day}.xlsx` });
    return true;
  }
  const school = /^\/bureau\/schools\/([^/]+)(\/export\.xlsx)?$/.exec(path);
  if (school && !post) {
    let schoolId: string;
    try {
      schoolId = decodeURIComponent(school[1] ?? '');
    } catch {
      return false;
    }
    const info = await schoolInfo(pool, schoolId);
    if (!info) {
      message(404, w.noSuchSchool(schoolId), w.noSuchSchool(schoolId));
      return true;
    }
    if (school[2]) {
      const body = await schoolExport(pool, w, schoolId, day, ctx.account.username, ctx.now);
      sendFile(res, body, xlsx, { filename: `${schoolId}-${day}.xlsx` });
      return true;
    }
    const page = Math.max(1, Math.min(100_000, Number(url.searchParams.get('page')) || 1));
    const [reports, versions, missing, records] = await Promise.all([
      dayReports(pool, day, ctx.now, schoolId),
      schoolReports(pool, schoolId, day),
      missingOfDay(pool, day, schoolId),
      schoolRecords(pool, schoolId, day, (page - 1) * recordsPerPage, recordsPerPage),
    ]);
    sendPage(
      res,
      200,
      createElement(SchoolPage, {
        ctx,
        day,
        school: info,
        reports,
        versions,
        missing,
        records,
        page,
      }),
    );
    return true;
  }
  return false;
}

// The frame of every signed-in page: the bar with the pages, who is signed in, the language
// switch and sign-out; and the small pieces several pages share.
import type { ReactNode } from 'react';
import type { Role } from '../accounts';
import { addDays, dayText } from '../format';
import type { GateStatus } from '../queries/day-reports';
import type { Lang, Words } from '../words';

export interface PageContext {
  lang: Lang;
  w: Words;
  account: { username: string; displayName: string; role: Role };
  now: number;
  /** The request's path and query, for the language switch and the day links. */
  path: string;
  query: URLSearchParams;
  today: string;
  openAlerts: number;
}

export type Section = 'today' | 'alerts' | 'fever' | 'missing' | 'school' | 'admin' | 'none';

/** The same page with some query parameters changed (null removes one). */
export function linkTo(ctx: PageContext, changes: Record<string, string | null>): string {
  const query = new URLSearchParams(ctx.query);
  for (const [name, value] of Object.entries(changes)) {
    if (value === null) query.delete(name);
    else query.set(name, value);
  }
  const text = query.toString();
  return text ? `${ctx.path}?${text}` : ctx.path;
}

export function Page(props: {
  ctx: PageContext;
  title: string;
  section: Section;
  refresh?: boolean;
  children: ReactNode;
}) {
  const { ctx, title, section } = props;
  const { w } = ctx;
  const date = ctx.query.get('date');
  // The day travels with the officer from page to page.
  const withDay = (path: string) => (date ? `${path}?date=${date}` : path);
  const nav: [Section, string, string][] = [
    ['today', withDay('/bureau/'), w.navToday],
    ['alerts', '/bureau/alerts', w.navAlerts],
    ['fever', withDay('/bureau/fever'), w.navFever],
    ['missing', withDay('/bureau/missing'), w.navMissing],
  ];
  if (ctx.account.role === 'admin') nav.push(['admin', '/bureau/admin/schools', w.navAdmin]);
  return (
    <html lang={w.htmlLang}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        {props.refresh ? <meta httpEquiv="refresh" content="60" /> : null}
        <title>{`${title} · ${w.product}`}</title>
        <link rel="stylesheet" href="/bureau/style.css" />
      </head>
      <body>
        <header className="bar">
          <a className="brand" href="/bureau/">
            {w.product}
          </a>
          <nav>
            {nav.map(([key, href, label]) => (
              <a
                key={key}
                href={href}
                className={key === section ? 'current' : undefined}
                data-testid={`nav-${key}`}
              >
                {label}
                {key === 'alerts' && ctx.openAlerts > 0 ? (
                  <span className="badge" data-testid="open-alerts">
                    {ctx.openAlerts}
                  </span>
                ) : null}
              </a>
            ))}
          </nav>
          <div className="who">
            <span>
              {ctx.account.displayName}（
              {ctx.account.role === 'admin' ? w.roleAdmin : w.roleOfficer}）
            </span>
            <a href={linkTo(ctx, { lang: w.otherLang })} data-testid="switch-language">
              {w.otherLanguage}
            </a>
            <form method="post" action="/bureau/sign-out">
              <button type="submit" className="link">
                {w.signOut}
              </button>
            </form>
          </div>
        </header>
        <main>{props.children}</main>
      </body>
    </html>
  );
}

/** Previous / next day, today, and a date to type. */
export function DayNav({ ctx, day }: { ctx: PageContext; day: string }) {
  const { w } = ctx;
  return (
    <div className="daynav">
      <a href={linkTo(ctx, { date: addDays(day, -1), page: null })}>‹ {w.previousDay}</a>
      {day !== ctx.today ? <a href={linkTo(ctx, { date: null, page: null })}>{w.today}</a> : null}
      <a href={linkTo(ctx, { date: addDays(day, 1), page: null })}>{w.nextDay} ›</a>
      <form method="get" action={ctx.path}>
        <input type="date" name="date" defaultValue={day} aria-label={w.date} />
        <button type="submit">{w.show}</button>
      </form>
    </div>
  );
}

export function StatusChip({ w, status }: { w: Words; status: GateStatus }) {
  return (
    <span className={`chip s-${status}`} title={w.statusHint[status]}>
      {w.status[status]}
    </span>
  );
}

export function Notice(props: {
  kind: 'ok' | 'bad' | 'info';
  children: ReactNode;
  testId?: string;
}) {
  return (
    <p
      className={`notice ${props.kind}`}
      role={props.kind === 'bad' ? 'alert' : 'status'}
      data-testid={props.testId}
    >
      {props.children}
    </p>
  );
}

export function Empty({ children, testId }: { children: ReactNode; testId?: string }) {
  return (
    <p className="empty" data-testid={testId}>
      {children}
    </p>
  );
}

/** A school day's title text in the page's language. */
export const titleDay = (ctx: PageContext, day: string): string => dayText(day, ctx.lang);

/** A number that draws the eye when it is more than 0 (fever cases, missing records). */
export function Count({ n, alarm }: { n: number | null | undefined; alarm?: boolean }) {
  if (n === null || n === undefined) return <span className="dim">—</span>;
  return <span className={alarm && n > 0 ? 'alarm' : undefined}>{n}</span>;
}

export function reasonsText(w: Words, reasons: string[]): string {
  return reasons.map((code) => w.reasonWords[code] ?? code).join(w.htmlLang === 'en' ? ', ' : '、');
}

/** A school's day, from any page: today's without a date in the address. */
export function schoolLink(ctx: PageContext, schoolId: string, day: string): string {
  const path = `/bureau/schools/${encodeURIComponent(schoolId)}`;
  return day === ctx.today ? path : `${path}?date=${day}`;
}

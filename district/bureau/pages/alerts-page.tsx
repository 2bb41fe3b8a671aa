// 预警 / Alerts: open alerts newest first — a school silent at the deadline, a fever referral —
// each acknowledged with a note; the latest acknowledged below, with who and when.
import { dayText, timeText } from '../format';
import type { Alert } from '../queries/alerts';
import { Empty, Notice, Page, reasonsText, schoolLink, type PageContext } from './layout';

export function AlertsPage(props: {
  ctx: PageContext;
  open: Alert[];
  acknowledged: Alert[];
  message?: { kind: 'ok' | 'bad'; text: string };
}) {
  const { ctx, open, acknowledged } = props;
  const { w } = ctx;
  return (
    <Page ctx={ctx} title={w.alertsTitle} section="alerts">
      <h1>{w.alertsTitle}</h1>
      {props.message ? (
        <Notice kind={props.message.kind} testId="alert-message">
          {props.message.text}
        </Notice>
      ) : null}
      <h2>
        {w.openAlerts} <span className="dim">({open.length})</span>
      </h2>
      {open.length === 0 ? (
        <Empty testId="no-open-alerts">{w.noOpenAlerts}</Empty>
      ) : (
        <ul className="alerts" data-testid="open-alert-list">
          {open.map((alert) => (
            <li
              key={alert.alertId}
              className={`alert k-${alert.kind}`}
              data-testid={`alert-${alert.alertId}`}
            >
              <AlertText ctx={ctx} alert={alert} />
              <form
                method="post"
                action={`/bureau/alerts/${alert.alertId}/acknowledge`}
                className="ack"
              >
                <input
                  type="text"
                  name="note"
                  maxLength={500}
                  placeholder={w.notePlaceholder}
                  aria-label={w.notePlaceholder}
                />
                <button type="submit" data-testid={`acknowledge-${alert.alertId}`}>
                  {w.acknowledge}
                </button>
              </form>
            </li>
          ))}
        </ul>
      )}
      <h2>{w.acknowledgedAlerts}</h2>
      {acknowledged.length === 0 ? (
        <Empty>{w.noAcknowledged}</Empty>
      ) : (
        <ul className="alerts done" data-testid="acknowledged-alert-list">
          {acknowledged.map((alert) => (
            <li
              key={alert.alertId}
              className={`alert k-${alert.kind}`}
              data-testid={`done-${alert.alertId}`}
            >
              <AlertText ctx={ctx} alert={alert} />
              <p className="by">
                {w.acknowledgedBy(
                  alert.acknowledgedBy ?? '',
                  timeText(alert.acknowledgedAt, ctx.lang, ctx.today),
                )}
                {alert.note ? `：${alert.note}` : ''}
              </p>
            </li>
          ))}
        </ul>
      )}
    </Page>
  );
}

function AlertText({ ctx, alert }: { ctx: PageContext; alert: Alert }) {
  const { w } = ctx;
  const detail = alert.detail;
  const separator = ctx.lang === 'zh' ? '、' : ', ';
  return (
    <div className="what">
      <p className="line">
        <span className={`chip ${alert.kind === 'fever' ? 's-silent' : 's-late'}`}>
          {alert.kind === 'fever' ? w.kindFever : w.kindSilent}
        </span>
        <a href={schoolLink(ctx, alert.schoolId, alert.day)}>{alert.schoolName}</a>
        {alert.kind === 'fever' ? <span>{alert.gateName}</span> : null}
        <span className="dim">{dayText(alert.day, ctx.lang, false)}</span>
      </p>
      {alert.kind === 'fever' ? (
        <p>
          <strong>{detail.name ?? '—'}</strong>
          {detail.className ? ` · ${detail.className}` : ''}
          {typeof detail.celsius === 'number' ? ` · ${detail.celsius.toFixed(1)} ℃` : ''}
          {detail.at ? ` · ${timeText(new Date(detail.at), ctx.lang, alert.day)}` : ''}
          {detail.reasons?.length ? ` · ${reasonsText(w, detail.reasons)}` : ''}
        </p>
      ) : (
        <p>
          {w.silentGates(
            (detail.gates ?? []).map((gate) => gate.name || gate.gateId).join(separator),
            detail.deadline ?? '',
          )}
          {alert.reportedAt ? (
            <span className="later">
              {' '}
              · {w.reportedLater(timeText(alert.reportedAt, ctx.lang, alert.day))}
            </span>
          ) : null}
        </p>
      )}
      <p className="dim small">
        {w.raisedAt} {timeText(alert.raisedAt, ctx.lang, ctx.today)}
      </p>
    </div>
  );
}

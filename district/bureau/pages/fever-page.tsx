// 发热与复测 / Fever and retests: the day's fever referrals and the retests nothing has followed
// yet, across the district, newest first. ID numbers masked.
import { maskIdNumber, timeText } from '../format';
import type { RecordRow } from '../queries/records';
import type { Watch } from '../queries/records';
import { DayNav, Empty, Page, reasonsText, schoolLink, titleDay, type PageContext } from './layout';

export function FeverPage({ ctx, day, watch }: { ctx: PageContext; day: string; watch: Watch }) {
  const { w } = ctx;
  return (
    <Page ctx={ctx} title={w.navFever} section="fever" refresh={day === ctx.today}>
      <div className="head">
        <h1>{w.feverTitle(titleDay(ctx, day))}</h1>
        <div className="actions">
          <DayNav ctx={ctx} day={day} />
        </div>
      </div>
      <h2>
        {w.referrals} <span className="dim">({watch.referrals.length})</span>
      </h2>
      {watch.referrals.length === 0 ? (
        <Empty testId="no-referrals">{w.noReferrals}</Empty>
      ) : (
        <RecordTable ctx={ctx} day={day} rows={watch.referrals} testId="referrals" />
      )}
      <h2>
        {w.openRetests} <span className="dim">({watch.unresolvedRetests.length})</span>
      </h2>
      {watch.unresolvedRetests.length === 0 ? (
        <Empty testId="no-open-retests">{w.noOpenRetests}</Empty>
      ) : (
        <RecordTable ctx={ctx} day={day} rows={watch.unresolvedRetests} testId="open-retests" />
      )}
    </Page>
  );
}

function RecordTable(props: { ctx: PageContext; day: string; rows: RecordRow[]; testId: string }) {
  const { ctx, day } = props;
  const { w } = ctx;
  return (
    <table className="grid" data-testid={props.testId}>
      <thead>
        <tr>
          <th>{w.time}</th>
          <th>{w.school}</th>
          <th>{w.gate}</th>
          <th>{w.name}</th>
          <th>{w.className}</th>
          <th>{w.idNumber}</th>
          <th className="num">{w.reading}</th>
          <th>{w.reasons}</th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map((row) => (
          <tr key={row.recordId} data-testid={`record-${row.recordId}`}>
            <td>{timeText(row.at, ctx.lang, day)}</td>
            <td>
              <a href={schoolLink(ctx, row.schoolId, day)}>{row.schoolName}</a>
            </td>
            <td>{row.gateName}</td>
            <td>{row.name ?? '—'}</td>
            <td>{row.className || '—'}</td>
            <td className="mono">{row.idNumber ? maskIdNumber(row.idNumber) : '—'}</td>
            <td className="num">{row.celsius === null ? '—' : `${row.celsius.toFixed(1)} ℃`}</td>
            <td>{reasonsText(w, row.reasons)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

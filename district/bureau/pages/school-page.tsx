// A school's day: its gates' reports (status, versions, when received, counts), what is missing
// by sequence, and the day's records newest first, paged. ID numbers masked.
import { maskIdNumber, shownCardText, timeText } from '../format';
import type { DayReports } from '../queries/day-reports';
import type { MissingOfReport } from '../queries/missing';
import type { RecordRow, ReportVersion, SchoolInfo } from '../queries/records';
import { DayNav, Empty, linkTo, Page, reasonsText, titleDay, type PageContext } from './layout';
import { MissingTable } from './missing-page';
import { GateCells, GateHeadings } from './today-page';

export const recordsPerPage = 100;

export function SchoolPage(props: {
  ctx: PageContext;
  day: string;
  school: SchoolInfo;
  reports: DayReports;
  versions: ReportVersion[];
  missing: MissingOfReport[];
  records: { total: number; records: RecordRow[] };
  page: number;
}) {
  const { ctx, day, school, records, page } = props;
  const { w } = ctx;
  const gates = props.reports.schools[0]?.gates ?? [];
  const pages = Math.max(1, Math.ceil(records.total / recordsPerPage));
  return (
    <Page ctx={ctx} title={school.name} section="school" refresh={day === ctx.today}>
      <div className="head">
        <div>
          <h1>{w.schoolTitle(school.name, titleDay(ctx, day))}</h1>
          <p className="sub">
            {school.area ? `${school.area} · ` : ''}
            {school.schoolId} · {w.deadlineIs(props.reports.deadline)}
            {school.closedAt ? ` · ${w.closedSchool(timeText(school.closedAt, ctx.lang))}` : ''}
          </p>
        </div>
        <div className="actions">
          <DayNav ctx={ctx} day={day} />
          <a
            className="button"
            href={`/bureau/schools/${encodeURIComponent(school.schoolId)}/export.xlsx?date=${day}`}
            data-testid="export-school"
          >
            {w.exportSchool}
          </a>
        </div>
      </div>
      <h2>{w.reportsOfDay}</h2>
      {gates.length === 0 ? (
        <Empty testId="no-gates">{w.noGatesExpected}</Empty>
      ) : (
        <table className="grid" data-testid="gates">
          <thead>
            <tr>
              <GateHeadings ctx={ctx} />
              <th>{w.latestReceived}</th>
              <th className="num">{w.versions}</th>
            </tr>
          </thead>
          <tbody>
            {gates.map((gate) => (
              <tr key={gate.gateId} data-testid={`gate-${gate.gateId}`}>
                <GateCells ctx={ctx} gate={gate} day={day} />
                <td>{timeText(gate.receivedAt, ctx.lang, day)}</td>
                <td className="num">{gate.reports > 0 ? gate.versions : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {props.versions.length === 0 ? (
        <Empty testId="no-report">{day === ctx.today ? w.noReportYet : w.noReportThatDay}</Empty>
      ) : (
        <>
          <h2>{w.missingRecords}</h2>
          <MissingTable ctx={ctx} day={day} reports={props.missing} withSchool={false} />
        </>
      )}
      <h2>{w.recordsOfDay(records.total)}</h2>
      {records.total === 0 ? (
        <Empty testId="no-records">{w.noRecords}</Empty>
      ) : (
        <>
          <table className="grid records" data-testid="records">
            <thead>
              <tr>
                <th>{w.time}</th>
                <th>{w.gate}</th>
                <th>{w.direction}</th>
                <th>{w.decision}</th>
                <th>{w.name}</th>
                <th>{w.kind}</th>
                <th>{w.className}</th>
                <th>{w.idOrCard}</th>
                <th className="num">{w.reading}</th>
                <th>{w.reasons}</th>
              </tr>
            </thead>
            <tbody>
              {records.records.map((row) => (
                <tr key={row.recordId} className={`d-${row.decision}`}>
                  <td>{timeText(row.at, ctx.lang, day)}</td>
                  <td>{row.gateName}</td>
                  <td>{row.direction === 'out' ? w.directionOut : w.directionIn}</td>
                  <td>{w.decisions[row.decision] ?? row.decision}</td>
                  <td>{row.name ?? '—'}</td>
                  <td>{row.kind ? (w.kinds[row.kind] ?? row.kind) : '—'}</td>
                  <td>{row.className || '—'}</td>
                  <td className="mono">
                    {row.idNumber ? maskIdNumber(row.idNumber) : shownCardText(row.cardText) || '—'}
                  </td>
                  <td className="num">
                    {row.celsius === null ? '—' : `${row.celsius.toFixed(1)} ℃`}
                    {row.method === 'manual' ? ` (${w.manual})` : ''}
                  </td>
                  <td>{reasonsText(w, row.reasons)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="pager">
            {page > 1 ? (
              <a href={linkTo(ctx, { page: page === 2 ? null : String(page - 1) })}>
                ‹ {w.newerPage}
              </a>
            ) : null}
            <span>{w.pageOf(page, pages)}</span>
            {page < pages ? (
              <a href={linkTo(ctx, { page: String(page + 1) })}>{w.olderPage} ›</a>
            ) : null}
          </div>
        </>
      )}
    </Page>
  );
}

// 缺失记录 / Missing records: each report of the day against the records received, the
// missing sequence ranges first.
import { rangesCount, rangesText } from '../format';
import type { MissingOfReport } from '../queries/missing';
import { DayNav, Empty, Notice, Page, schoolLink, titleDay, type PageContext } from './layout';

export function MissingPage(props: { ctx: PageContext; day: string; reports: MissingOfReport[] }) {
  const { ctx, day } = props;
  const { w } = ctx;
  // Reports with something missing first, then those that do not say, then the complete ones.
  const weight = (report: MissingOfReport) =>
    report.missing === null ? 1 : report.missing.length > 0 ? 0 : 2;
  const reports = [...props.reports].sort((a, b) => weight(a) - weight(b));
  const complete = reports.every((report) => report.missing?.length === 0);
  return (
    <Page ctx={ctx} title={w.navMissing} section="missing">
      <div className="head">
        <h1>{w.missingTitle(titleDay(ctx, day))}</h1>
        <div className="actions">
          <DayNav ctx={ctx} day={day} />
        </div>
      </div>
      <p className="sub">{w.missingIntro}</p>
      {reports.length === 0 ? (
        <Empty testId="no-reports">{w.noReportsForMissing}</Empty>
      ) : (
        <>
          {complete ? (
            <Notice kind="ok" testId="all-complete">
              {w.allComplete}
            </Notice>
          ) : null}
          <MissingTable ctx={ctx} day={day} reports={reports} />
        </>
      )}
    </Page>
  );
}

export function MissingTable(props: {
  ctx: PageContext;
  day: string;
  reports: MissingOfReport[];
  withSchool?: boolean;
}) {
  const { ctx, day } = props;
  const { w } = ctx;
  const withSchool = props.withSchool ?? true;
  return (
    <table className="grid" data-testid="missing">
      <thead>
        <tr>
          {withSchool ? <th>{w.school}</th> : null}
          <th>{w.gate}</th>
          <th>{w.installation}</th>
          <th>{w.range}</th>
          <th className="num">{w.entries}</th>
          <th className="num">{w.received}</th>
          <th className="num">{w.missingRecords}</th>
          <th>{w.missing}</th>
        </tr>
      </thead>
      <tbody>
        {props.reports.map((report) => (
          <tr key={report.reportId} data-testid={`missing-${report.reportId}`}>
            {withSchool ? (
              <td>
                <a href={schoolLink(ctx, report.schoolId, day)}>{report.schoolName}</a>
              </td>
            ) : null}
            <td>{report.gateName}</td>
            <td className="mono dim" title={report.installationId}>
              {report.installationId.slice(0, 8)}
            </td>
            <td className="mono">
              {report.first === null ? '—' : `${report.first}–${report.last}`}
            </td>
            <td className="num">{report.entries}</td>
            <td className="num">{report.received ?? '—'}</td>
            <td className="num">
              {report.missing === null ? (
                '—'
              ) : (
                <span className={report.missing.length > 0 ? 'alarm' : undefined}>
                  {rangesCount(report.missing)}
                </span>
              )}
            </td>
            <td className="mono wrap">
              {report.missing === null ? (
                <span className="dim">{w.notSaid}</span>
              ) : report.missing.length === 0 ? (
                <span className="ok">{w.nothingMissing}</span>
              ) : (
                rangesText(report.missing)
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

// 今日上报 / Today's reports: for the officer who opens it just after the deadline to see who
// has not reported. The counts of gates by status at a glance, then the schools, problems first,
// each one click from its day.
import { beijing, timeText } from '../format';
import { statusOrder, type DayReports, type GateOfDay } from '../queries/day-reports';
import {
  Count,
  DayNav,
  Empty,
  Notice,
  Page,
  schoolLink,
  StatusChip,
  titleDay,
  type PageContext,
} from './layout';

export function TodayPage({ ctx, reports }: { ctx: PageContext; reports: DayReports }) {
  const { w } = ctx;
  const day = reports.day;
  const problems = reports.counts.silent + reports.counts.late;
  const everyGate = reports.schools.reduce((sum, school) => sum + school.gates.length, 0);
  return (
    <Page ctx={ctx} title={w.navToday} section="today" refresh={day === ctx.today}>
      <div className="head">
        <div>
          <h1>{w.todayTitle(titleDay(ctx, day))}</h1>
          <p className="sub">
            <strong data-testid="deadline">{w.deadlineIs(reports.deadline)}</strong>
            {' · '}
            {reports.due ? w.afterDeadline : w.beforeDeadline}
            {' · '}
            {w.updatedAt(beijing(ctx.now).time.slice(0, 5))}
          </p>
        </div>
        <div className="actions">
          <DayNav ctx={ctx} day={day} />
          <a className="button" href={`/bureau/export.xlsx?date=${day}`} data-testid="export-day">
            {w.export}
          </a>
        </div>
      </div>
      <section className="tiles" aria-label={w.navToday}>
        {statusOrder.map((status) => (
          <div key={status} className={`tile s-${status}`} data-testid={`count-${status}`}>
            <span className="n">{reports.counts[status]}</span>
            <span className="label">
              {w.status[status]}
              <small>
                {' '}
                {w.gatesUnit} · {w.statusHint[status]}
              </small>
            </span>
          </div>
        ))}
      </section>
      {reports.registeredSchools === 0 ? (
        <Empty testId="no-schools">{w.noSchools}</Empty>
      ) : everyGate === 0 ? (
        <Empty testId="no-gates">{w.noGatesExpected}</Empty>
      ) : (
        <>
          {reports.due && problems === 0 && reports.counts.pending === 0 ? (
            <Notice kind="ok">{w.allSchoolsOk}</Notice>
          ) : null}
          <table className="grid" data-testid="schools">
            <thead>
              <tr>
                <th>{w.school}</th>
                <GateHeadings ctx={ctx} />
              </tr>
            </thead>
            {reports.schools.map((school) => (
              <tbody
                key={school.schoolId}
                className={`school s-${school.status}`}
                data-testid={`school-${school.schoolId}`}
              >
                {school.gates.map((gate, index) => (
                  <tr key={gate.gateId} data-testid={`gate-${school.schoolId}-${gate.gateId}`}>
                    {index === 0 ? (
                      <th scope="rowgroup" rowSpan={school.gates.length} className="who">
                        <a href={schoolLink(ctx, school.schoolId, day)}>{school.name}</a>
                        <small>
                          {school.area ? `${school.area} · ` : ''}
                          {school.schoolId}
                        </small>
                      </th>
                    ) : null}
                    <GateCells ctx={ctx} gate={gate} day={day} />
                  </tr>
                ))}
              </tbody>
            ))}
          </table>
        </>
      )}
    </Page>
  );
}

/** The headings of GateCells's columns. */
export function GateHeadings({ ctx }: { ctx: PageContext }) {
  const { w } = ctx;
  return (
    <>
      <th>{w.gate}</th>
      <th>{w.statusColumn}</th>
      <th>{w.firstReceived}</th>
      <th className="num">{w.entries}</th>
      <th className="num">{w.denied}</th>
      <th className="num">{w.retests}</th>
      <th className="num">{w.feverCases}</th>
      <th className="num">{w.unresolvedRetests}</th>
      <th className="num">{w.missingRecords}</th>
    </>
  );
}

export function GateCells({ ctx, gate, day }: { ctx: PageContext; gate: GateOfDay; day: string }) {
  const { w } = ctx;
  const counts = gate.counts;
  return (
    <>
      <td>{gate.gateName}</td>
      <td>
        <StatusChip w={w} status={gate.status} />
      </td>
      <td>{timeText(gate.firstReceivedAt, ctx.lang, day)}</td>
      <td className="num">
        <Count n={counts?.entries} />
      </td>
      <td className="num">
        <Count n={counts?.denied} />
      </td>
      <td className="num">
        <Count n={counts?.retests} />
      </td>
      <td className="num">
        <Count n={counts?.feverCases} alarm />
      </td>
      <td className="num">
        <Count n={counts?.unresolvedRetests} alarm />
      </td>
      <td className="num">
        <Count n={gate.missing} alarm />
      </td>
    </>
  );
}

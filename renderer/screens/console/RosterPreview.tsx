// What an import would do, shown before it is done: the counts, then who would be added, what
// would change for whom (before → after), and who is on the roster but not in the file; or the
// refused rows with their numbers and reasons. Shows only what the kiosk sent; decides nothing.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  PersonRecord,
  RosterPersonView,
  RosterPreviewView,
} from '../../../contract/operations/roster-operations';
import { columnName, kindName, problemText, statusName } from './roster-words';

type Preview = Extract<RosterPreviewView, { ok: true }>;
type Refused = Extract<RosterPreviewView, { ok: false }>;

export function RefusedRows({ refused }: { refused: Refused }) {
  const { t } = useTranslation();
  return (
    <div className="roster-refused" role="alert" data-testid="roster-refused">
      <p className="admin-message bad">
        {t('console.roster.refused', { count: refused.problems.length })}
      </p>
      <ul>
        {refused.problems.map((problem, index) => (
          <li key={index} data-testid="roster-problem" data-line={problem.line}>
            {problemText(t, problem, refused.place)}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function RosterPreviewList({ preview }: { preview: Preview }) {
  const { t } = useTranslation();
  return (
    <div className="roster-preview" data-testid="roster-preview">
      <p className="admin-counts" data-testid="roster-counts">
        {t('console.roster.counts', {
          added: preview.addedCount,
          changed: preview.changedCount,
          unchanged: preview.unchanged,
          missing: preview.missingCount,
        })}
      </p>
      <Section title="console.roster.added" count={preview.addedCount} shown={preview.added.length}>
        <PeopleRows people={preview.added} testId="roster-added" />
      </Section>
      <Section
        title="console.roster.changed"
        count={preview.changedCount}
        shown={preview.changed.length}
      >
        <ul className="roster-changes" data-testid="roster-changed">
          {preview.changed.map((change) => (
            <li key={change.card}>
              <strong>
                {change.card} {change.name}
              </strong>
              {change.fields.map((field) => (
                <span key={field.field} className="roster-change">
                  {t('console.roster.change', {
                    column: columnName(t, field.field),
                    before: field.before ?? t('console.roster.empty'),
                    after: field.after ?? t('console.roster.empty'),
                  })}
                </span>
              ))}
              {change.rejoins ? (
                <span className="roster-change">{t('console.roster.rejoins')}</span>
              ) : null}
            </li>
          ))}
        </ul>
      </Section>
      <Section
        title="console.roster.missing"
        count={preview.missingCount}
        shown={preview.missing.length}
      >
        <p className="admin-hint">{t('console.roster.missing-hint')}</p>
        <PeopleRows people={preview.missing} testId="roster-missing" />
      </Section>
    </div>
  );
}

function Section({
  title,
  count,
  shown,
  children,
}: {
  title: string;
  count: number;
  shown: number;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  if (count === 0) return null;
  return (
    <details className="roster-section" open={count <= 20}>
      <summary>
        {t(title, { count })}
        {shown < count ? ` ${t('console.roster.first-shown', { shown })}` : ''}
      </summary>
      {children}
    </details>
  );
}

function PeopleRows({
  people,
  testId,
}: {
  people: readonly (RosterPersonView | PersonRecord)[];
  testId: string;
}) {
  const { t } = useTranslation();
  return (
    <table className="admin-table" data-testid={testId}>
      <tbody>
        {people.map((person) => (
          <tr key={person.card}>
            <td>{person.card}</td>
            <td>{person.name}</td>
            <td>{kindName(t, person.kind)}</td>
            <td>{person.className}</td>
            <td>{person.idNumber ?? ''}</td>
            <td>{'status' in person ? statusName(t, person.status) : ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

// The day's picture at the top of the absence register: absent for illness and for other
// reasons, follow-up calls still due, returns expected, people a gate held for want of a
// certificate and certificates recorded; then a table by class and cause, in the order the
// kiosk sends the classes (the school's order). Read-only: shows what the kiosk counted.
import { useTranslation } from 'react-i18next';
import type { AbsencePicture } from '../../../contract/operations/absence-operations';

const counts = [
  'absentIll',
  'absentOther',
  'followUpsDue',
  'returnsExpected',
  'heldAtGate',
  'returnsCleared',
] as const;

/** The counts a reader should act on today are marked (by word and colour) when not zero. */
const needsAction = new Set<string>(['followUpsDue', 'returnsExpected', 'heldAtGate']);

export function AbsencePictureView({ picture }: { picture: AbsencePicture }) {
  const { t } = useTranslation();
  return (
    <section aria-label={t('absences.picture.title')} data-testid="absence-picture">
      <div className="today-counts">
        {counts.map((name) => {
          const value = picture[name];
          const marked = needsAction.has(name) && value > 0;
          return (
            <p
              key={name}
              className={marked ? 'today-count absence-count marked' : 'today-count absence-count'}
              data-testid={`absence-count-${name}`}
              data-count={value}
            >
              <span>{value}</span>
              {t(`absences.picture.${name}`)}
            </p>
          );
        })}
      </div>
      <ByClassTable picture={picture} />
    </section>
  );
}

function ByClassTable({ picture }: { picture: AbsencePicture }) {
  const { t } = useTranslation();
  if (picture.byClass.length === 0) {
    return (
      <p className="cases-muted" data-testid="absence-by-class-none">
        {t('absences.picture.none-absent')}
      </p>
    );
  }
  const total = picture.byClass.reduce(
    (sum, row) => ({
      illness: sum.illness + row.illness,
      feverAtGate: sum.feverAtGate + row.feverAtGate,
      other: sum.other + row.other,
    }),
    { illness: 0, feverAtGate: 0, other: 0 },
  );
  return (
    <div className="absence-table-wrap">
      <table className="admin-table absence-by-class" data-testid="absence-by-class">
        <caption>{t('absences.picture.by-class')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('absences.picture.class')}</th>
            <th scope="col">{t('absences.cause.illness')}</th>
            <th scope="col">{t('absences.cause.fever-at-gate')}</th>
            <th scope="col">{t('absences.cause.other')}</th>
            <th scope="col">{t('absences.picture.total')}</th>
          </tr>
        </thead>
        <tbody>
          {picture.byClass.map((row) => (
            <tr key={row.className} data-testid="absence-class-row" data-class={row.className}>
              <th scope="row">{row.className || t('absences.picture.no-class')}</th>
              <td>{row.illness}</td>
              <td>{row.feverAtGate}</td>
              <td>{row.other}</td>
              <td>{row.illness + row.feverAtGate + row.other}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr data-testid="absence-class-total">
            <th scope="row">{t('absences.picture.total')}</th>
            <td>{total.illness}</td>
            <td>{total.feverAtGate}</td>
            <td>{total.other}</td>
            <td>{total.illness + total.feverAtGate + total.other}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

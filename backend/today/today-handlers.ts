// The contract's today operations: visitors on campus and their exit for the guard, the day
// at a glance for the admin. A written exit is announced like every entry (entry-saved).
import type { EntryView, Handlers } from '../../contract/api';
import { ApiError } from '../../contract/errors';
import { isCalendarDate } from '../../contract/school-time';
import type { TodaySummaryReader } from './today-summary';
import type { VisitorsOnCampus } from './visitors-on-campus';

type TodayOperation = 'visitorsOnCampus' | 'recordVisitorExit' | 'todaySummary';

export function todayHandlers(
  visitors: VisitorsOnCampus,
  today: TodaySummaryReader,
  onEntry: (entry: EntryView) => void,
): Pick<Handlers, TodayOperation> {
  return {
    async visitorsOnCampus() {
      return visitors.list();
    },
    async recordVisitorExit({ appointmentId }) {
      const entry = visitors.recordExit(appointmentId);
      onEntry(entry);
      return entry;
    },
    async todaySummary({ date }) {
      if (date !== undefined && !isCalendarDate(date)) {
        throw new ApiError('bad-input', `Not a calendar day: ${date}`);
      }
      return today.summary(date);
    },
  };
}

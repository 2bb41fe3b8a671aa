// The contract's today operations: visitors on campus and their exit for the guard, the day
// at a glance for the admin. A written exit is announced like every entry, by the entry log.
import type { Handlers } from '../../contract/api';
import { ApiError } from '../../contract/errors';
import { isCalendarDate } from '../../contract/school-time';
import type { TodaySummaryReader } from './today-summary';
import type { VisitorsOnCampus } from './visitors-on-campus';

type TodayOperation = 'visitorsOnCampus' | 'recordVisitorExit' | 'todaySummary';

export function todayHandlers(
  visitors: VisitorsOnCampus,
  today: TodaySummaryReader,
): Pick<Handlers, TodayOperation> {
  return {
    async visitorsOnCampus() {
      return visitors.list();
    },
    async recordVisitorExit({ appointmentId }) {
      return visitors.recordExit(appointmentId);
    },
    async todaySummary({ date }) {
      if (date !== undefined && !isCalendarDate(date)) {
        throw new ApiError('bad-input', `Not a calendar day: ${date}`);
      }
      return today.summary(date);
    },
  };
}

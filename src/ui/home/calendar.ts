/**
 * Follow-ups to the phone's calendar as `.ics` downloads: opening the file offers to add the events
 * (iOS, Android and desktop calendars all accept it). No server, no subscription URL: a feed would
 * need a server that can read the follow-ups. What an event carries is decided in domain/conversation/ics.ts.
 */
import { type CalendarFollowUp, followUpFileName, followUpsCalendar } from '../../domain';
import { t } from '../kit/i18n';

/** The calendar text for `items` in the current language. */
export function calendarText(items: readonly CalendarFollowUp[]): string {
  return followUpsCalendar(items, {
    summary: t('calendar.summary'),
    summaryNoStep: t('calendar.summaryNoStep'),
    alarm: t('calendar.alarm'),
  });
}

/** Offers one follow-up, or all of them, as an `.ics` file. */
export function downloadCalendar(items: readonly CalendarFollowUp[]): void {
  const first = items[0];
  const name = items.length === 1 && first ? followUpFileName(first.followUp) : 'follow-ups.ics';
  const url = URL.createObjectURL(new Blob([calendarText(items)], { type: 'text/calendar;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  // The download has started by then; revoking frees the blob.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

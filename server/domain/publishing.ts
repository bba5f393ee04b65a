/**
 * Publishing windows (contract §4): a page counts as published only inside its window, exactly as
 * Wiki.js 2.5's own page view decides it (`server/controllers/common.js`, "Check Publishing State"):
 *
 *   published = isPublished
 *     and (publishStartDate is empty or moment(publishStartDate) <= now)
 *     and (publishEndDate is empty or moment(publishEndDate) >= now)
 *
 * - Both ends are inclusive, to the millisecond: at the start moment and at the end moment the
 *   page is published.
 * - An empty date (`''`, what Wiki.js writes when none is set, or null) is no bound.
 * - A date moment cannot read makes the page unpublished (moment compares an invalid date as
 *   false both ways), as does `isPublished` false, whatever the dates.
 * - A date without a time zone is the server's local time, as moment reads it in Wiki.js's
 *   process (the extension runs in that process): Wiki.js's editor stores a day, `2026-12-01`,
 *   which is midnight at the start of that day, so a page whose end date is that day is gone
 *   during that whole day.
 *
 * `wikiDateTime` reads a date as moment 2.30 (Wiki.js's) reads a string: ISO 8601 (calendar, week
 * and ordinal dates; basic and extended; `T` or a space before the time; `Z`, `±hh`, `±hhmm`,
 * `±hh:mm`), then RFC 2822, then JavaScript's own `Date` as moment's last resort.
 */

/** What the window rule looks at of a page. Dates as Wiki.js stores them; absent when empty. */
export interface PublishingState {
  isPublished: boolean;
  publishStartDate?: string;
  publishEndDate?: string;
}

/** Whether the page counts as published at `now` (ms since the epoch), as Wiki.js's page view decides. */
export function isPublishedAt(page: PublishingState, now: number): boolean {
  if (!page.isPublished) return false;
  if (page.publishStartDate) {
    const start = wikiDateTime(page.publishStartDate);
    if (start === undefined || !(start <= now)) return false;
  }
  if (page.publishEndDate) {
    const end = wikiDateTime(page.publishEndDate);
    if (end === undefined || !(end >= now)) return false;
  }
  return true;
}

/** A publishing date as Wiki.js stores it: text, or nothing (`''`, null) → undefined. */
export function publishingDateOf(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const text = String(value);
  return text === '' ? undefined : text;
}

/**
 * A date text as moment (Wiki.js's) reads it, in ms since the epoch; undefined when moment finds
 * it invalid. Times without a zone are local (the process's time zone).
 */
export function wikiDateTime(text: string): number | undefined {
  const aspNet = /^\/?Date\((-?\d+)/i.exec(text);
  if (aspNet) return validTime(new Date(Number(aspNet[1])).getTime());
  const iso = readIso(text);
  if (iso !== 'not-iso') return iso;
  const rfc = readRfc2822(text);
  if (rfc !== 'not-rfc') return rfc;
  return validTime(new Date(text).getTime());
}

function validTime(ms: number): number | undefined {
  return Number.isNaN(ms) ? undefined : ms;
}

/*
 * ISO 8601 as moment accepts it. Leading white space is allowed, trailing is not. The date part
 * decides which time may follow: a month (`2026-12`), a week without a day or a year alone take
 * none. Every pattern is anchored, with no two quantifiers competing for the same characters.
 */
const ISO_EXTENDED = /^\s*([+-]\d{6}|\d{4})-(\d\d-\d\d|W\d\d-\d|W\d\d|\d\d\d|\d\d)(?:([T ])(\d\d(?::\d\d(?::\d\d(?:[.,]\d+)?)?)?)([+-]\d\d(?::?\d\d)?|\s*Z)?)?$/;
const ISO_BASIC = /^\s*([+-]\d{6}|\d{4})(\d\d\d\d|W\d\d\d|W\d\d|\d\d\d|\d\d|)(?:([T ])(\d\d(?:\d\d(?:\d\d(?:[.,]\d+)?)?)?)([+-]\d\d(?::?\d\d)?|\s*Z)?)?$/;

interface DateFields {
  year: number;
  /** 0-11 */
  month: number;
  day: number;
}

/** The date of an ISO match, undefined when out of range. */
type IsoDate = DateFields | undefined;

function readIso(text: string): number | undefined | 'not-iso' {
  const extended = ISO_EXTENDED.exec(text);
  const match = extended ?? ISO_BASIC.exec(text);
  if (!match) return 'not-iso';
  const [, yearText, dateText, , timeText, zoneText] = match;
  // moment knows the six-digit years only in full calendar dates.
  if (yearText.length !== 4 && !(extended ? /^\d\d-\d\d$/ : /^\d{4}$/).test(dateText)) return undefined;
  // A month, a week without a day or a year alone takes no time: moment then reads the text as
  // no ISO date at all, and goes on to its other readings.
  if (timeText !== undefined && /^(\d\d|W\d\d|)$/.test(dateText)) return 'not-iso';
  const year = Number(yearText);
  const date = extended ? extendedDate(year, dateText) : basicDate(year, dateText);
  if (!date) return undefined;
  const time = timeText === undefined ? { hour: 0, minute: 0, second: 0, ms: 0 } : isoTime(timeText, Boolean(extended));
  if (!time) return undefined;
  const { year: y, month, day } = date;
  const { hour, minute, second, ms } = time;
  // 24:00 is the end of the day: moment reads it as 00:00 and then adds a day in local time.
  const [clock, nextDay] = hour === 24 ? [0, true] : [hour, false];
  let instant = zoneText === undefined ? localDate(y, month, day, clock, minute, second, ms) : utcDate(y, month, day, clock, minute, second, ms) - zoneMinutes(zoneText) * 60_000;
  if (nextDay) {
    const next = new Date(instant);
    next.setDate(next.getDate() + 1);
    instant = next.getTime();
  }
  return validTime(instant);
}

function extendedDate(year: number, text: string): IsoDate {
  if (/^\d\d-\d\d$/.test(text)) return calendar(year, Number(text.slice(0, 2)), Number(text.slice(3)));
  if (/^W\d\d-\d$/.test(text)) return week(year, Number(text.slice(1, 3)), Number(text.slice(4)));
  if (/^W\d\d$/.test(text)) return week(year, Number(text.slice(1)), 1);
  if (/^\d\d\d$/.test(text)) return ordinal(year, Number(text));
  return calendar(year, Number(text), 1);
}

function basicDate(year: number, text: string): IsoDate {
  if (/^\d{4}$/.test(text)) return calendar(year, Number(text.slice(0, 2)), Number(text.slice(2)));
  if (/^W\d{3}$/.test(text)) return week(year, Number(text.slice(1, 3)), Number(text.slice(3)));
  if (/^W\d\d$/.test(text)) return week(year, Number(text.slice(1)), 1);
  if (/^\d{3}$/.test(text)) return ordinal(year, Number(text));
  if (/^\d\d$/.test(text)) return calendar(year, Number(text), 1);
  return calendar(year, 1, 1);
}

function calendar(year: number, month: number, day: number): IsoDate {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month - 1)) return undefined;
  return { year, month: month - 1, day };
}

/** ISO week dates: week 1 is the week (Monday first) with the year's first Thursday. */
function week(year: number, weekNumber: number, weekday: number): IsoDate {
  const firstMonday = isoWeekOneMonday(year);
  const weeks = Math.round((daysInYear(year) + isoWeekOneMonday(year + 1) - firstMonday) / 7);
  if (weekNumber < 1 || weekNumber > weeks || weekday < 1 || weekday > 7) return undefined;
  const dayOfYear = firstMonday + (weekNumber - 1) * 7 + (weekday - 1);
  return fromDayOfYear(year, dayOfYear);
}

function ordinal(year: number, dayOfYear: number): IsoDate {
  if (dayOfYear < 1 || dayOfYear > daysInYear(year)) return undefined;
  return fromDayOfYear(year, dayOfYear);
}

/** The day of the year (1 = 1 January; 0 or less falls in the year before) of week 1's Monday. */
function isoWeekOneMonday(year: number): number {
  const jan4Weekday = (new Date(utcDate(year, 0, 4, 0, 0, 0, 0)).getUTCDay() + 6) % 7;
  return 4 - jan4Weekday;
}

function fromDayOfYear(year: number, dayOfYear: number): DateFields {
  const date = new Date(utcDate(year, 0, dayOfYear, 0, 0, 0, 0));
  return { year: date.getUTCFullYear(), month: date.getUTCMonth(), day: date.getUTCDate() };
}

function isoTime(text: string, extended: boolean): { hour: number; minute: number; second: number; ms: number } | undefined {
  const parts = extended ? /^(\d\d)(?::(\d\d)(?::(\d\d)(?:[.,](\d+))?)?)?$/.exec(text) : /^(\d\d)(?:(\d\d)(?:(\d\d)(?:[.,](\d+))?)?)?$/.exec(text);
  if (!parts) return undefined;
  const [hour, minute, second] = [Number(parts[1]), Number(parts[2] ?? 0), Number(parts[3] ?? 0)];
  // moment's own arithmetic for fractions: the first three digits, rounded down.
  const ms = parts[4] === undefined ? 0 : Math.floor(Number(`0.${parts[4]}`) * 1000);
  if (hour > 24 || minute > 59 || second > 59 || ms > 999) return undefined;
  if (hour === 24 && (minute !== 0 || second !== 0 || ms !== 0)) return undefined;
  return { hour, minute, second, ms };
}

/** `Z`, `±hh`, `±hhmm` or `±hh:mm` as minutes east of UTC. */
function zoneMinutes(text: string): number {
  const zone = text.trim();
  if (zone === 'Z') return 0;
  const digits = zone.slice(1).replace(':', '');
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || 0);
  return zone.startsWith('-') ? -minutes : minutes;
}

/*
 * RFC 2822 as moment accepts it: comments and folding white space removed, the weekday (when
 * given) must be the date's, a two- or three-digit year is 20xx up to 49, else 19xx.
 */
const RFC_2822 = /^(?:(Mon|Tue|Wed|Thu|Fri|Sat|Sun),?\s)?(\d{1,2})\s(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\s(\d{2,4})\s(\d\d):(\d\d)(?::(\d\d))?\s(?:(UT|GMT|[ECMP][SD]T)|([Zz])|([+-]\d{4}))$/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const NAMED_ZONES: Record<string, number> = { UT: 0, GMT: 0, EDT: -4, EST: -5, CDT: -5, CST: -6, MDT: -6, MST: -7, PDT: -7, PST: -8 };

function readRfc2822(text: string): number | undefined | 'not-rfc' {
  const cleaned = text.replace(/\([^()]*\)|[\n\t]/g, ' ').replace(/\s+/g, (spaces) => (spaces.length > 1 ? ' ' : spaces)).trim();
  const match = RFC_2822.exec(cleaned);
  if (!match) return 'not-rfc';
  const [, weekday, day, month, yearText, hour, minute, second, named, military, offset] = match;
  const shortYear = Number(yearText);
  const year = shortYear <= 49 ? 2000 + shortYear : shortYear <= 999 ? 1900 + shortYear : shortYear;
  const monthIndex = MONTHS.indexOf(month);
  // moment checks the weekday on a local date of the same day.
  if (weekday && WEEKDAYS.indexOf(weekday) !== new Date(localDate(year, monthIndex, Number(day), 0, 0, 0, 0)).getDay()) return undefined;
  const minutes = named ? NAMED_ZONES[named] * 60 : military ? 0 : zoneMinutes(offset);
  return validTime(utcDate(year, monthIndex, Number(day), Number(hour), Number(minute), Number(second ?? 0), 0) - minutes * 60_000);
}

/** Local time in ms, years 0-99 taken literally (not as 19xx, as `Date` would). */
function localDate(year: number, month: number, day: number, hour: number, minute: number, second: number, ms: number): number {
  if (year >= 0 && year < 100) {
    const date = new Date(year + 400, month, day, hour, minute, second, ms);
    date.setFullYear(year);
    return date.getTime();
  }
  return new Date(year, month, day, hour, minute, second, ms).getTime();
}

function utcDate(year: number, month: number, day: number, hour: number, minute: number, second: number, ms: number): number {
  if (year >= 0 && year < 100) {
    const date = new Date(Date.UTC(year + 400, month, day, hour, minute, second, ms));
    date.setUTCFullYear(year);
    return date.getTime();
  }
  return Date.UTC(year, month, day, hour, minute, second, ms);
}

function daysInMonth(year: number, month: number): number {
  return month === 1 ? (isLeapYear(year) ? 29 : 28) : [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month];
}

function daysInYear(year: number): number {
  return isLeapYear(year) ? 366 : 365;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

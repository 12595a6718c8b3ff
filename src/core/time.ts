// Wall-clock time in a person's or a workshop's time zone, through Intl only. Pure. Nothing here assumes
// an offset: instants are stepped in real time and each one is read back through Intl, so daylight-saving
// changes and zones off the whole hour (Kolkata +5:30) come out right.

/** A time zone Intl knows (IANA: "Europe/Paris"). */
export function isTimeZone(tz: string): boolean {
  if (!tz || tz.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export interface LocalTime {
  /** ISO weekday: Monday 1 … Sunday 7. */
  weekday: number;
  hour: number;
  minute: number;
  /** The local calendar day, "YYYY-MM-DD". */
  date: string;
}

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };
// Building a formatter costs far more than using one: one per time zone, kept.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz, hourCycle: 'h23', weekday: 'short', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
    });
    formatters.set(tz, f);
  }
  return f;
}

export function localTime(date: Date, tz: string): LocalTime {
  const parts: Record<string, string> = {};
  for (const p of formatter(tz).formatToParts(date)) parts[p.type] = p.value;
  return {
    weekday: WEEKDAYS[parts.weekday ?? ''] ?? 0,
    hour: Number(parts.hour) % 24,
    minute: Number(parts.minute),
    date: `${parts.year}-${parts.month}-${parts.day}`,
  };
}

export interface WorkingHours {
  /** ISO weekdays (Monday 1 … Sunday 7). */
  days: readonly number[];
  /** From this local hour (included)… */
  from: number;
  /** …to this one (excluded). */
  to: number;
}

/** Monday to Friday, 9:00 to 18:00 local time. */
export const WORKING_HOURS: WorkingHours = { days: [1, 2, 3, 4, 5], from: 9, to: 18 };

export function isWorkingTime(date: Date, tz: string, hours: WorkingHours = WORKING_HOURS): boolean {
  const t = localTime(date, tz);
  return hours.days.includes(t.weekday) && t.hour >= hours.from && t.hour < hours.to;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** Long enough to reach the next working hour from anywhere in any week that has one. */
const MAX_HOURS_AHEAD = 24 * 8;

/** The first instant strictly after `date` at which the local clock shows a whole hour (hh:00). */
function nextLocalHourMark(date: Date, tz: string): Date {
  const t = localTime(date, tz);
  const intoMinute = date.getTime() % MINUTE;
  return new Date(date.getTime() - intoMinute + (60 - t.minute) * MINUTE);
}

/**
 * The first instant ≥ `date` inside working hours: `date` itself when it is inside, else the next whole local
 * hour that is (working periods start on whole hours). Steps one real hour at a time and reads each through Intl.
 */
export function nextWorkingTime(date: Date, tz: string, hours: WorkingHours = WORKING_HOURS): Date {
  if (isWorkingTime(date, tz, hours)) return date;
  let t = nextLocalHourMark(date, tz);
  for (let i = 0; i < MAX_HOURS_AHEAD; i++, t = new Date(t.getTime() + HOUR)) {
    if (isWorkingTime(t, tz, hours)) return t;
  }
  // No working time at all (no days): never hold a message back for ever.
  return date;
}

/**
 * The next instant after `date` when the local clock shows `hour`:00 (the daily digest). A day whose hour
 * does not exist (a spring-forward gap) is skipped; on a day it occurs twice (falling back) the first one is
 * taken, so the digest is never sent twice a day.
 */
export function nextLocalHour(date: Date, tz: string, hour: number): Date {
  let t = nextLocalHourMark(date, tz);
  for (let i = 0; i < 24 * 3; i++, t = new Date(t.getTime() + HOUR)) {
    const local = localTime(t, tz);
    if (local.hour !== hour || local.minute !== 0) continue;
    const before = localTime(new Date(t.getTime() - HOUR), tz);
    if (before.hour === hour && before.date === local.date) continue;
    return t;
  }
  throw new Error(`no ${hour}:00 in ${tz} within three days of ${date.toISOString()}`);
}

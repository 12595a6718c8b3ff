// Local time in people's time zones: working hours, the next working moment and the digest's hour, across
// the daylight-saving changes of 2026 and in zones off the whole hour.
import { describe, expect, it } from 'vitest';
import { isTimeZone, isWorkingTime, localTime, nextLocalHour, nextWorkingTime, WORKING_HOURS } from '../../src/core/time.js';

const at = (iso: string) => new Date(iso);

describe('time zones', () => {
  it('knows IANA zones and refuses anything else', () => {
    expect(isTimeZone('Europe/Paris')).toBe(true);
    expect(isTimeZone('Asia/Kolkata')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    expect(isTimeZone('')).toBe(false);
  });

  it('reads the local clock and calendar in Paris, New York, Tokyo and Kolkata', () => {
    const instant = at('2026-06-05T22:30:00Z'); // a Friday evening in UTC
    expect(localTime(instant, 'Europe/Paris')).toEqual({ weekday: 6, hour: 0, minute: 30, date: '2026-06-06' });
    expect(localTime(instant, 'America/New_York')).toEqual({ weekday: 5, hour: 18, minute: 30, date: '2026-06-05' });
    expect(localTime(instant, 'Asia/Tokyo')).toEqual({ weekday: 6, hour: 7, minute: 30, date: '2026-06-06' });
    expect(localTime(instant, 'Asia/Kolkata')).toEqual({ weekday: 6, hour: 4, minute: 0, date: '2026-06-06' });
  });

  it('says whether an instant is inside working hours, Monday to Friday 9:00–18:00 by default', () => {
    expect(WORKING_HOURS).toEqual({ days: [1, 2, 3, 4, 5], from: 9, to: 18 });
    expect(isWorkingTime(at('2026-06-03T07:00:00Z'), 'Europe/Paris')).toBe(true); // Wednesday 9:00
    expect(isWorkingTime(at('2026-06-03T06:59:00Z'), 'Europe/Paris')).toBe(false); // 8:59
    expect(isWorkingTime(at('2026-06-03T16:00:00Z'), 'Europe/Paris')).toBe(false); // 18:00
    expect(isWorkingTime(at('2026-06-06T10:00:00Z'), 'Europe/Paris')).toBe(false); // Saturday
    expect(isWorkingTime(at('2026-06-06T10:00:00Z'), 'Europe/Paris', { days: [6], from: 8, to: 20 })).toBe(true);
  });
});

describe('nextWorkingTime', () => {
  it('keeps an instant already inside working hours', () => {
    const t = at('2026-06-03T12:34:56Z');
    expect(nextWorkingTime(t, 'Europe/Paris')).toEqual(t);
  });

  it('moves a Friday evening to Monday 9:00, in each zone', () => {
    expect(nextWorkingTime(at('2026-06-05T17:30:00Z'), 'Europe/Paris')).toEqual(at('2026-06-08T07:00:00Z'));
    expect(nextWorkingTime(at('2026-06-05T23:00:00Z'), 'America/New_York')).toEqual(at('2026-06-08T13:00:00Z'));
    expect(nextWorkingTime(at('2026-06-05T10:00:00Z'), 'Asia/Tokyo')).toEqual(at('2026-06-08T00:00:00Z'));
  });

  it('lands on the whole local hour in a zone off the whole hour (Kolkata, +5:30)', () => {
    // 2026-06-03 08:10 in Kolkata → 9:00 Kolkata = 03:30 UTC.
    expect(nextWorkingTime(at('2026-06-03T02:40:00Z'), 'Asia/Kolkata')).toEqual(at('2026-06-03T03:30:00Z'));
  });

  it('crosses Europe’s spring and autumn changes of 2026 (29 March, 25 October)', () => {
    // Saturday 28 March, noon in Paris (UTC+1) → Monday 30 March 9:00, now UTC+2.
    expect(nextWorkingTime(at('2026-03-28T11:00:00Z'), 'Europe/Paris')).toEqual(at('2026-03-30T07:00:00Z'));
    // Saturday 24 October, noon in Paris (UTC+2) → Monday 26 October 9:00, now UTC+1.
    expect(nextWorkingTime(at('2026-10-24T10:00:00Z'), 'Europe/Paris')).toEqual(at('2026-10-26T08:00:00Z'));
  });

  it('crosses the United States’ changes of 2026 (8 March, 1 November)', () => {
    // Friday 6 March, 20:00 in New York (UTC−5) → Monday 9 March 9:00, now UTC−4.
    expect(nextWorkingTime(at('2026-03-07T01:00:00Z'), 'America/New_York')).toEqual(at('2026-03-09T13:00:00Z'));
    // Friday 30 October, 20:00 in New York (UTC−4) → Monday 2 November 9:00, now UTC−5.
    expect(nextWorkingTime(at('2026-10-31T00:00:00Z'), 'America/New_York')).toEqual(at('2026-11-02T14:00:00Z'));
  });
});

describe('nextLocalHour', () => {
  it('gives the next instant the local clock shows that hour, strictly after', () => {
    expect(nextLocalHour(at('2026-06-03T06:00:00Z'), 'Europe/Paris', 9)).toEqual(at('2026-06-03T07:00:00Z'));
    // Exactly at 9:00: the next day's.
    expect(nextLocalHour(at('2026-06-03T07:00:00Z'), 'Europe/Paris', 9)).toEqual(at('2026-06-04T07:00:00Z'));
    expect(nextLocalHour(at('2026-06-03T00:00:00Z'), 'Asia/Kolkata', 17)).toEqual(at('2026-06-03T11:30:00Z'));
    expect(nextLocalHour(at('2026-06-03T00:00:00Z'), 'Asia/Tokyo', 8)).toEqual(at('2026-06-03T23:00:00Z'));
  });

  it('keeps the local hour across daylight-saving changes', () => {
    // 9:00 in Paris on 28 March is 08:00 UTC, on 29 March (summer time) 07:00 UTC.
    expect(nextLocalHour(at('2026-03-28T08:00:00Z'), 'Europe/Paris', 9)).toEqual(at('2026-03-29T07:00:00Z'));
    expect(nextLocalHour(at('2026-10-25T06:00:00Z'), 'Europe/Paris', 9)).toEqual(at('2026-10-25T08:00:00Z'));
    expect(nextLocalHour(at('2026-03-08T00:00:00Z'), 'America/New_York', 9)).toEqual(at('2026-03-08T13:00:00Z'));
  });

  it('skips an hour that does not exist and takes an hour that occurs twice only once', () => {
    // 2:00 does not exist in Paris on 29 March: the next 2:00 is on the 30th.
    expect(nextLocalHour(at('2026-03-28T23:00:00Z'), 'Europe/Paris', 2)).toEqual(at('2026-03-30T00:00:00Z'));
    // 2:00 occurs twice on 25 October (00:00 and 01:00 UTC): the first, then the next day's.
    const first = nextLocalHour(at('2026-10-24T23:30:00Z'), 'Europe/Paris', 2);
    expect(first).toEqual(at('2026-10-25T00:00:00Z'));
    expect(nextLocalHour(first, 'Europe/Paris', 2)).toEqual(at('2026-10-26T01:00:00Z'));
  });
});

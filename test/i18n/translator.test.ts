// The translator keeps the texts it has made: a text read again must be the one i18next makes, for its
// language, key and every parameter (a plural's count above all), however often and in whatever order asked.
import { describe, expect, it } from 'vitest';
import { translator } from '../../src/i18n/index.js';

describe('translator', () => {
  it('gives each language, key and set of parameters its own text, the same every time', () => {
    const en = translator('en');
    const fr = translator('fr');
    const asked = () => [
      en('present:ballot.remaining', { count: 1, budget: 3 }),
      en('present:ballot.remaining', { count: 2, budget: 3 }),
      en('present:ballot.remaining', { budget: 3, count: 2 }),
      fr('present:ballot.remaining', { count: 1, budget: 3 }),
      fr('present:ballot.remaining', { count: 0, budget: 3 }),
      en('steps.stages'),
      fr('steps.stages'),
    ];
    const first = asked();
    expect(first.slice(0, 3)).toEqual(['You have 1 vote left out of 3.', 'You have 2 votes left out of 3.', 'You have 2 votes left out of 3.']);
    expect(first[3]).not.toBe(first[0]);
    // French counts 0 as singular, as it does 1.
    expect(first[4]).toBe(first[3]!.replace('1', '0'));
    expect(first[5]).not.toBe(first[6]);
    for (let i = 0; i < 3; i += 1) expect(asked()).toEqual(first);
  });

  it('keeps making right texts past its bound', () => {
    const en = translator('en');
    for (let n = 0; n < 25_000; n += 1) expect(en('present:ballot.remaining', { count: n, budget: n })).toBe(`You have ${n} vote${n === 1 ? '' : 's'} left out of ${n}.`);
  });
});

import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { formatDuration, formatRemaining, printableLine, progressBar, progressSummary } from '../../../../wizard/progress/format-progress.js';

describe('formatDuration', () => {
  test.each([
    [0, '0s'],
    [999, '0s'],
    [42_500, '42s'],
    [185_000, '3m 5s'],
    [3_600_000, '1h 0m'],
    [3_720_000, '1h 2m'],
    [-5, '0s'],
  ])('%d ms is %s', (ms, text) => expect(formatDuration(ms)).toBe(text));
});

describe('formatRemaining', () => {
  test.each([
    [0, 'a few seconds left'],
    [9_999, 'a few seconds left'],
    [12_000, 'about 15s left'],
    [55_500, 'about 1m left'],
    [190_000, 'about 3m 10s left'],
    [184_000, 'about 3m left'],
    [3_599_000, 'about 1h left'],
    [5_400_000, 'about 1h 30m left'],
  ])('%d ms is %s', (ms, text) => expect(formatRemaining(ms)).toBe(text));

  test('never says more than twice or less than half the time, past 10 s', () => {
    fc.assert(
      fc.property(fc.integer({ min: 10_000, max: 100 * 3_600_000 }), (ms) => {
        const match = /^about (?:(\d+)h)? ?(?:(\d+)m)? ?(?:(\d+)s)? left$/.exec(formatRemaining(ms));
        expect(match).not.toBeNull();
        const [, h = '0', m = '0', s = '0'] = match!;
        const said = ((Number(h) * 60 + Number(m)) * 60 + Number(s)) * 1000;
        expect(said).toBeGreaterThanOrEqual(ms / 2);
        expect(said).toBeLessThanOrEqual(ms * 2);
      }),
    );
  });
});

describe('progressBar', () => {
  test('fills in proportion', () => {
    expect(progressBar(45, 120, 18)).toBe('[######............]');
    expect(progressBar(0, 120, 10)).toBe('[..........]');
    expect(progressBar(120, 120, 10)).toBe('[##########]');
    expect(progressBar(5, 0, 4)).toBe('[....]');
  });

  test('is always width + 2 long, full only when all is done, and fills more as more is done', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 500 }), fc.integer({ min: 1, max: 80 }), fc.nat(), (total, width, raw) => {
        const done = raw % (total + 1);
        const bar = progressBar(done, total, width);
        expect(bar).toHaveLength(width + 2);
        expect(bar.includes('.')).toBe(done < total);
        const filled = (text: string) => text.split('#').length - 1;
        if (done < total) expect(filled(progressBar(done + 1, total, width))).toBeGreaterThanOrEqual(filled(bar));
      }),
    );
  });

  test('the summary says the units and the time left when there is an estimate', () => {
    expect(progressSummary(45, 120, 190_000)).toBe('45/120 units, about 3m 10s left');
    expect(progressSummary(1, 120, undefined)).toBe('1/120 units');
  });
});

describe('printableLine', () => {
  test('removes colour and cursor sequences, keeps the text after the last carriage return, expands tabs', () => {
    expect(printableLine('\u001B[01m\u001B[Kfoo.c:1:\u001B[m\u001B[K \u001B[01;35mwarning\u001B[m')).toBe('foo.c:1: warning');
    expect(printableLine(' 10%\r 50%\r100% done\r')).toBe('100% done');
    expect(printableLine('\tgcc -c\tx.c')).toBe('        gcc -c  x.c');
    expect(printableLine('bell\u0007 and \u001B]0;title\u0007osc')).toBe('bell and osc');
  });

  test('never leaves a control character', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (line) => {
        expect(printableLine(line)).not.toMatch(/[\u0000-\u001F\u007F-\u009F]/);
      }),
    );
  });
});

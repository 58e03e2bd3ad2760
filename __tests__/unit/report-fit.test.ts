import { describe, expect, it } from 'vitest';
import {
  characters,
  fitToLimit,
  hardCut,
  utf8Bytes,
  type Section,
} from '../../src/report/summary/fit-to-limit.js';
import {
  code,
  codeCell,
  formatDuration,
  text,
  truncate,
} from '../../src/report/summary/markdown.js';

const items = (prefix: string, n: number): string[] =>
  Array.from({ length: n }, (_, i) => `${prefix}${i}\n`);

function sections(): Section[] {
  return [
    { name: 'head', label: 'head', head: 'HEAD\n', items: [] },
    {
      name: 'a',
      label: 'a-items',
      head: 'A:\n',
      items: items('a', 50),
      cutNote: (omitted) => `(${omitted} more a)\n`,
      droppedNote: (total) => `(a: ${total} dropped)\n`,
    },
    {
      name: 'b',
      label: 'b-items',
      head: 'B:\n',
      items: items('b', 50),
      cutNote: (omitted) => `(${omitted} more b)\n`,
    },
  ];
}

const notice = (trimmed: readonly { section: string; omitted: number }[]): string =>
  `NOTE ${trimmed.map((t) => `${t.section}-${t.omitted}`).join(',')}\n`;

describe('fitToLimit', () => {
  it('returns the document untouched when it fits', () => {
    const result = fitToLimit(sections(), {
      limit: 10_000,
      measure: characters,
      steps: [],
      notice,
    });
    expect(result.trimmed).toEqual([]);
    expect(result.text.startsWith('HEAD\nA:\na0\n')).toBe(true);
    expect(result.size).toBe(result.text.length);
  });

  it('cuts the first section of the plan as little as needed, with the notice after the head', () => {
    const full = fitToLimit(sections(), { limit: 10_000, measure: characters, steps: [], notice });
    const limit = full.size - 40;
    const result = fitToLimit(sections(), {
      limit,
      measure: characters,
      steps: [{ section: 'a', drop: true }, { section: 'b' }],
      notice,
      noticeAfter: 'head',
    });
    expect(result.size).toBeLessThanOrEqual(limit);
    expect(result.size).toBe(result.text.length);
    expect(result.trimmed).toHaveLength(1);
    const omitted = result.trimmed[0]!.omitted;
    expect(result.text).toContain(`HEAD\nNOTE a-${omitted}\nA:\n`);
    expect(result.text).toContain(`(${omitted} more a)\nB:\nb0\n`);
    // one item more would not fit
    expect(limit - result.size).toBeLessThan(4 + 1);
  });

  it('drops a section, then cuts the next, down to a floor', () => {
    const result = fitToLimit(sections(), {
      limit: 150,
      measure: characters,
      steps: [
        { section: 'a', drop: true },
        { section: 'b', keepAtLeast: 10 },
      ],
      notice,
    });
    expect(result.trimmed.map((t) => [t.section, t.dropped])).toEqual([
      ['a', true],
      ['b', false],
    ]);
    expect(result.text).toContain('(a: 50 dropped)\nB:\nb0\n');
    expect(result.text).toContain('b26\n(23 more b)\n');
    expect(result.hardCut).toBe(false);
    expect(result.size).toBeLessThanOrEqual(150);
  });

  it('cuts hard when the floors leave too much, and stays within the limit', () => {
    const result = fitToLimit(sections(), {
      limit: 70,
      measure: characters,
      steps: [
        { section: 'a', drop: true },
        { section: 'b', keepAtLeast: 10 },
      ],
      notice,
      hardCutNote: '!',
    });
    expect(result.trimmed.map((t) => [t.section, t.omitted])).toEqual([
      ['a', 50],
      ['b', 40],
    ]);
    expect(result.hardCut).toBe(true);
    expect(result.size).toBe(70);
    expect(result.text.startsWith('NOTE a-50,b-40\nHEAD\n')).toBe(true);
    expect(result.text.endsWith('!')).toBe(true);
  });

  it('is exact in bytes with multi-byte text', () => {
    const multi: Section[] = [
      { name: 'x', label: 'x', head: '', items: Array.from({ length: 100 }, () => 'é🚀\n') },
    ];
    const result = fitToLimit(multi, {
      limit: 200,
      measure: utf8Bytes,
      steps: [{ section: 'x' }],
      notice: () => 'n\n',
    });
    expect(Buffer.byteLength(result.text)).toBe(result.size);
    expect(result.size).toBeLessThanOrEqual(200);
    expect(result.hardCut).toBe(false);
  });
});

describe('hardCut', () => {
  it('never splits a surrogate pair and ends with the suffix', () => {
    expect(hardCut('ab🚀🚀🚀', 5, characters, '!')).toBe('ab🚀!');
    expect(hardCut('ab🚀🚀🚀', 4, characters, '!')).toBe('ab!');
    expect(hardCut('abc', 10, characters, '!')).toBe('abc');
    expect(Buffer.byteLength(hardCut('é'.repeat(100), 11, utf8Bytes, '.'))).toBeLessThanOrEqual(11);
  });
});

describe('markdown helpers', () => {
  it('truncates with an ellipsis on a code point boundary', () => {
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('a🚀cdef', 3)).toBe('a…');
    expect(truncate('abc', 3)).toBe('abc');
  });

  it('makes code spans for any text', () => {
    expect(code('plain')).toBe('`plain`');
    expect(code('a`b')).toBe('``a`b``');
    expect(code('`x')).toBe('`` `x ``');
    expect(code('two\nlines')).toBe('`two lines`');
    expect(codeCell('a|b', 100)).toBe('`a\\|b`');
  });

  it('escapes free text', () => {
    expect(text('*bold* _x_ [l](u) #1 @team <b>&')).toBe(
      '\\*bold\\* \\_x\\_ \\[l\\](u) \\#1 &#64;team &lt;b&gt;&amp;',
    );
    expect(text('a\r\nb\n')).toBe('a<br>b');
  });

  it('formats durations', () => {
    expect([0, 400, 42_000, 185_000, 3_720_000, -1].map(formatDuration)).toEqual([
      '0s',
      '<1s',
      '42s',
      '3m 05s',
      '1h 02m',
      '—',
    ]);
  });
});

/**
 * Fitting a rendered document into one of GitHub's size limits by trimming its least important
 * parts first, and saying so where the reader sees it.
 *
 * A document is a list of sections. Each section renders as
 * `head + items[0..k] + close + (cut note when k < n) + tail`, so its size for any `k` is known from
 * prefix sums: both measures used here (UTF-8 bytes, UTF-16 characters) add up over concatenation.
 * The trim plan says which section shrinks first and how far; a section can also be dropped whole.
 */

export type Measure = (text: string) => number;

/** GitHub's step summary limit is in bytes: the runner refuses a file over 1 MiB. */
export const utf8Bytes: Measure = (text) => Buffer.byteLength(text, 'utf8');
/**
 * GitHub's comment limit is in characters. UTF-16 code units are never fewer than characters
 * (an emoji counts 2 here, 1 there), so counting them errs on the safe side.
 */
export const characters: Measure = (text) => text.length;

/** 1 MiB: the largest `GITHUB_STEP_SUMMARY` one step may write. */
export const STEP_SUMMARY_LIMIT_BYTES = 1024 * 1024;
/** 65,536 characters: the largest issue or pull-request comment body. */
export const COMMENT_LIMIT_CHARACTERS = 65_536;

export interface Section {
  /** Unique in the document; trim steps name it. */
  readonly name: string;
  /** What the section holds, for the trim notice: `resources`, `passed checks`, `log lines`. */
  readonly label: string;
  readonly head: string;
  readonly items: readonly string[];
  /** After the kept items, before the cut note (e.g. a closing code fence). */
  readonly close?: string;
  readonly tail?: string;
  /** Shown after the kept items when some are cut. */
  readonly cutNote?: (omitted: number, total: number) => string;
  /** Shown in place of the whole section when it is dropped. */
  readonly droppedNote?: (total: number) => string;
}

export interface TrimStep {
  readonly section: string;
  /** Cut items down to no fewer than this many (default 0). */
  readonly keepAtLeast?: number;
  /** Once cut to nothing, drop the section entirely (its head too). */
  readonly drop?: boolean;
  /** How the omitted items are called in the notice, when it is not the section's label. */
  readonly label?: string;
}

export interface Trimmed {
  readonly section: string;
  readonly label: string;
  readonly omitted: number;
  readonly total: number;
  readonly dropped: boolean;
}

export interface FitOptions {
  readonly limit: number;
  readonly measure: Measure;
  /** In order: what to trim first. Sections not named are never trimmed (only a hard cut can shorten them). */
  readonly steps: readonly TrimStep[];
  /** The visible notice of what was trimmed; it goes right after `noticeAfter` (or first). */
  readonly notice: (trimmed: readonly Trimmed[]) => string;
  readonly noticeAfter?: string;
  /** Appended when even the hard cut was needed. */
  readonly hardCutNote?: string;
}

export interface FitResult {
  readonly text: string;
  readonly size: number;
  readonly trimmed: readonly Trimmed[];
  /** Trimming sections was not enough and the text was cut at the limit. */
  readonly hardCut: boolean;
}

interface SectionState {
  readonly section: Section;
  readonly itemSizes: number[];
  /** prefix[k] = size of the first k items. */
  readonly prefix: number[];
  kept: number;
  dropped: boolean;
  /** The label of the step that cut it last. */
  label: string;
  /** Index of the first step that trimmed it. */
  trimmedAt: number;
}

function render(state: SectionState): string {
  const { section, kept, dropped } = state;
  const total = section.items.length;
  if (dropped) return section.droppedNote?.(total) ?? '';
  const cut = kept < total ? (section.cutNote?.(total - kept, total) ?? '') : '';
  return `${section.head}${section.items.slice(0, kept).join('')}${section.close ?? ''}${cut}${section.tail ?? ''}`;
}

function sizeOf(state: SectionState, measure: Measure): number {
  const { section, kept, dropped } = state;
  const total = section.items.length;
  if (dropped) return measure(section.droppedNote?.(total) ?? '');
  const cut = kept < total ? measure(section.cutNote?.(total - kept, total) ?? '') : 0;
  return (
    measure(section.head) +
    (state.prefix[kept] ?? 0) +
    measure(section.close ?? '') +
    cut +
    measure(section.tail ?? '')
  );
}

/** The trimmed sections, in the order they were first trimmed. */
function trimmedList(states: readonly SectionState[]): Trimmed[] {
  return [...states]
    .sort((a, b) => a.trimmedAt - b.trimmedAt)
    .filter((s) => s.dropped || s.kept < s.section.items.length)
    .map((s) => ({
      section: s.section.name,
      label: s.label,
      omitted: s.section.items.length - (s.dropped ? 0 : s.kept),
      total: s.section.items.length,
      dropped: s.dropped,
    }));
}

/**
 * Cuts `text` so that `measure(result) <= limit`, ending with `suffix`; never splits a surrogate
 * pair. The suffix alone must fit.
 */
export function hardCut(text: string, limit: number, measure: Measure, suffix = ''): string {
  if (measure(text) <= limit) return text;
  const room = limit - measure(suffix);
  if (room <= 0) return '';
  let low = 0;
  let high = text.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (measure(text.slice(0, mid)) <= room) low = mid;
    else high = mid - 1;
  }
  let end = low;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}${suffix}`;
}

/**
 * Renders `sections` within `options.limit`, trimming them in the order of `options.steps`.
 * The result is always within the limit.
 */
export function fitToLimit(sections: readonly Section[], options: FitOptions): FitResult {
  const { measure, limit } = options;
  const states: SectionState[] = sections.map((section) => {
    const itemSizes = section.items.map(measure);
    const prefix = [0];
    for (const size of itemSizes) prefix.push((prefix[prefix.length - 1] ?? 0) + size);
    return {
      section,
      itemSizes,
      prefix,
      kept: section.items.length,
      dropped: false,
      label: section.label,
      trimmedAt: Number.POSITIVE_INFINITY,
    };
  });
  const byName = new Map(states.map((s) => [s.section.name, s]));

  const sizes = states.map((s) => sizeOf(s, measure));
  const noticeSize = (): number => {
    const trimmed = trimmedList(states);
    return trimmed.length === 0 ? 0 : measure(options.notice(trimmed));
  };
  const total = (): number => sizes.reduce((a, b) => a + b, 0) + noticeSize();

  for (const [stepIndex, step] of options.steps.entries()) {
    if (total() <= limit) break;
    const state = byName.get(step.section);
    if (!state || state.dropped || state.section.items.length === 0) continue;
    if (state.kept === 0 && !step.drop) continue;
    state.trimmedAt = Math.min(state.trimmedAt, stepIndex);
    const index = states.indexOf(state);
    const floor = Math.min(step.keepAtLeast ?? 0, state.kept);
    state.label = step.label ?? state.section.label;
    const fitsWith = (kept: number): boolean => {
      state.kept = kept;
      sizes[index] = sizeOf(state, measure);
      return total() <= limit;
    };
    // It does not fit with `state.kept` items (checked above): find the largest k in
    // [floor, kept) that fits. Sizes grow with k except for a few digits of the notes, hence the
    // walk down after the binary search.
    let low = floor;
    let high = state.kept - 1;
    while (low < high) {
      const mid = Math.ceil((low + high) / 2);
      if (fitsWith(mid)) low = mid;
      else high = mid - 1;
    }
    let kept = low;
    while (kept > floor && !fitsWith(kept)) kept -= 1;
    if (fitsWith(kept)) break;
    if (step.drop && floor === 0) {
      state.dropped = true;
      sizes[index] = sizeOf(state, measure);
    }
  }

  const trimmed = trimmedList(states);
  const notice = trimmed.length === 0 ? '' : options.notice(trimmed);
  const parts = states.map(render);
  const at = options.noticeAfter
    ? states.findIndex((s) => s.section.name === options.noticeAfter)
    : -1;
  parts.splice(at + 1, 0, notice);
  const full = parts.join('');
  if (measure(full) <= limit) return { text: full, size: measure(full), trimmed, hardCut: false };
  const cut = hardCut(full, limit, measure, options.hardCutNote ?? '');
  return { text: cut, size: measure(cut), trimmed, hardCut: true };
}

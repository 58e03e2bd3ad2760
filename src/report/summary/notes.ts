import type { Trimmed } from './fit-to-limit.js';
import { count } from './markdown.js';

/** `> ⚠️ **Trimmed to fit ...:** all 5,000 resources, 1,200 of 1,500 checks (passed ones). <where>` */
export function trimNotice(
  trimmed: readonly Trimmed[],
  limitLabel: string,
  whereFull: string,
): string {
  const parts = trimmed.map((t) =>
    t.dropped
      ? `all ${count(t.total)} ${t.label}`
      : `${count(t.omitted)} of ${count(t.total)} ${t.label}`,
  );
  return `> ⚠️ **Trimmed to fit ${limitLabel}:** not shown are ${parts.join('; ')}. ${whereFull}\n\n`;
}

/** The line after a table or list whose tail was cut. */
export function cutNote(label: string): (omitted: number) => string {
  return (omitted) =>
    `\n_…and ${count(omitted)} more ${label}, not shown to fit the size limit._\n`;
}

/** The line that replaces a section that was dropped whole. */
export function droppedNote(title: string, label: string): (total: number) => string {
  return (total) =>
    `**${title}:** _${count(total)} ${label}, not shown to fit the size limit._\n\n`;
}

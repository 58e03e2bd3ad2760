/**
 * Small, pure Markdown helpers for GitHub-flavoured Markdown (job summaries and PR comments).
 *
 * Text that comes from the outside (CloudFormation messages, output values, log lines) is escaped
 * so that it can neither break a table, open HTML, nor mention a user or team (`@org/team`).
 */

const ELLIPSIS = '…';

/** Cuts `text` to at most `max` UTF-16 code units, never in the middle of a surrogate pair. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= ELLIPSIS.length) return ELLIPSIS.slice(0, Math.max(0, max));
  let end = max - ELLIPSIS.length;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}${ELLIPSIS}`;
}

/** Free text on one line: HTML and Markdown specials escaped, mentions neutralized, newlines kept as `<br>`. */
export function text(value: string): string {
  return value
    .replace(/\r\n?/g, '\n')
    .replace(/([\\`*_[\]~|#])/g, '\\$1')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/@/g, '&#64;')
    .replace(/\n+$/, '')
    .replace(/\n/g, '<br>');
}

/** Free text in a table cell, cut to `max` characters first. */
export function textCell(value: string | null | undefined, max: number): string {
  if (value === null || value === undefined || value.length === 0) return '';
  return text(truncate(value, max));
}

function longestBacktickRun(value: string): number {
  let longest = 0;
  for (const match of value.matchAll(/`+/g)) longest = Math.max(longest, match[0].length);
  return longest;
}

/** An inline code span that holds any text (backticks included), on one line. */
export function code(value: string): string {
  const flat = value.replace(/\r?\n/g, ' ');
  if (flat.length === 0) return '';
  const fence = '`'.repeat(longestBacktickRun(flat) + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') || flat.startsWith(' ') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/**
 * A code span inside a table cell: GFM splits cells at `|` even inside code spans, and renders an
 * escaped `\|` there as `|`.
 */
export function codeCell(value: string | null | undefined, max: number): string {
  if (value === null || value === undefined || value.length === 0) return '';
  return code(truncate(value, max)).replace(/\|/g, '\\|');
}

export function tableRow(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |\n`;
}

export type Align = 'left' | 'right';

export function tableHead(headers: readonly string[], align: readonly Align[] = []): string {
  const rule = headers.map((_, i) => (align[i] === 'right' ? '---:' : '---'));
  return tableRow(headers) + tableRow(rule);
}

/** A fence for a code block that no line of `lines` can close. */
export function codeFence(lines: readonly string[]): string {
  let longest = 0;
  for (const line of lines) longest = Math.max(longest, longestBacktickRun(line));
  return '`'.repeat(Math.max(3, longest + 1));
}

/** `1,234`, the same on every machine. */
export function count(value: number): string {
  return value.toLocaleString('en-US');
}

export function plural(value: number, one: string, many = `${one}s`): string {
  return `${count(value)} ${value === 1 ? one : many}`;
}

/** `<1s`, `42s`, `3m 05s`, `1h 02m`. */
export function formatDuration(milliseconds: number): string {
  if (!Number.isFinite(milliseconds) || milliseconds < 0) return '—';
  if (milliseconds === 0) return '0s';
  const seconds = Math.floor(milliseconds / 1000);
  if (seconds < 1) return '<1s';
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`;
}

/** The time between two ISO timestamps, or `—` when either is missing or unreadable. */
export function durationBetween(start: string | null, end: string | null): string {
  if (!start || !end) return '—';
  return formatDuration(Date.parse(end) - Date.parse(start));
}

/** `10:00:02` (UTC) from an ISO timestamp; the input itself when it cannot be read. */
export function formatTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toISOString().slice(11, 19);
}

/** `2025-01-31 10:00:02 UTC` from an ISO timestamp. */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 10)} ${date.toISOString().slice(11, 19)} UTC`;
}

export function link(label: string, url: string | undefined): string {
  if (!url) return label;
  return `[${label}](${url.replace(/[()\s]/g, (c) => encodeURIComponent(c))})`;
}

/**
 * The job summary (`GITHUB_STEP_SUMMARY`): a pure function of the deployment record.
 *
 * Order: status, timeline, stacks, images (Docker image assets), changes (mode plan), outputs (not in mode plan), checks,
 * rollback, resources (collapsed), log (collapsed). Within GitHub's 1 MiB, trimmed least important
 * first: resources, images, passed checks, the log, outputs, the other checks, the timeline, the plan's
 * change rows (never its per-stack counts), rollback rows; the status is never trimmed and the
 * stacks table only as the very last resort.
 *
 * After a rollback each stack shows its state after the run, and the outputs and resources are
 * marked as deployed before the rollback.
 *
 * The sections it shares with the pull-request comment come from sections.ts.
 */
import type { LogEntry } from '../../model/log-entry.js';
import type { DeploymentRecordFile } from '../../model/record.js';
import {
  fitToLimit,
  STEP_SUMMARY_LIMIT_BYTES,
  utf8Bytes,
  type FitResult,
  type Section,
  type TrimStep,
} from './fit-to-limit.js';
import {
  code,
  codeCell,
  codeFence,
  count,
  durationBetween,
  formatDateTime,
  formatTime,
  link,
  plural,
  tableHead,
  tableRow,
  textCell,
  truncate,
} from './markdown.js';
import { imagesSection } from './images-section.js';
import { cutNote, droppedNote, trimNotice } from './notes.js';
import { planTrimSteps } from './plan-changes.js';
import { reviewTrimSteps } from './review/index.js';
import { countChecks, deploymentStatusLabel, headline, stackCountsText } from './record-view.js';
import { BEFORE_ROLLBACK, isAfterRollback } from './rollback-view.js';
import { bakeSection } from './bake-section.js';
import { timingsSection } from './timings.js';
import { changesSections, outputsSection, stacksSection } from './sections.js';
import { checksSection } from './checks-section.js';
import { reasonLines, rollbackSection } from './rollback-section.js';
import { JOB_SUMMARY_STYLE } from './section-style.js';

export interface JobSummaryOptions {
  /** Link to the workflow run. */
  readonly runUrl?: string;
  /** Where the full record is, for the trim notice (e.g. the `record-file` path). */
  readonly recordFile?: string;
  /** Bytes; default 1 MiB. Lower it when the step writes other things to its summary. */
  readonly limitBytes?: number;
}

const STYLE = JOB_SUMMARY_STYLE;
const MAX = STYLE.max;

function statusSection(record: DeploymentRecordFile, options: JobSummaryOptions): Section {
  const { deployment } = record;
  const facts = [
    stackCountsText(record),
    `**Started:** ${formatDateTime(deployment.start_time)}`,
    deployment.end_time
      ? `**Duration:** ${durationBetween(deployment.start_time, deployment.end_time)}`
      : '**Duration:** still running',
    `**Mode:** ${code(deployment.mode)}`,
  ];
  let body = `## ${headline(record)}\n\n${facts.join(' · ')}\n\n${reasonLines(record, STYLE)}`;
  body += `Deployment ${code(deployment.id)}${options.runUrl ? ` · ${link('workflow run', options.runUrl)}` : ''}\n\n`;
  return { name: 'status', label: 'status', head: body, items: [] };
}

function timelineSection(record: DeploymentRecordFile): Section {
  const history = record.deployment.status_history;
  const start = record.deployment.start_time;
  const items = history.map((change, i) => {
    const next = history[i + 1]?.at;
    return tableRow([
      deploymentStatusLabel(change.status),
      formatTime(change.at),
      `+${durationBetween(start, change.at)}`,
      next ? durationBetween(change.at, next) : '—',
    ]);
  });
  return {
    name: 'timeline',
    label: 'status changes',
    head: `### Timeline\n\n${tableHead(['Status', 'At (UTC)', 'Since start', 'Lasted'])}`,
    items,
    cutNote: cutNote('status changes'),
    droppedNote: droppedNote('Timeline', 'status changes'),
    tail: '\n',
  };
}

/** The run's resources; after a rollback, as they were deployed before it (and marked so). */
function resourcesSection(record: DeploymentRecordFile): Section | null {
  const { resources } = record;
  if (resources.length === 0) return null;
  const mark = isAfterRollback(record) ? `, ${BEFORE_ROLLBACK}` : '';
  const table = tableHead(['Stack', 'Logical ID', 'Type', 'Physical ID', 'Status', 'Reason']);
  const items = resources.map((r) =>
    tableRow([
      codeCell(r.stack_name, MAX.name),
      codeCell(r.logical_id, MAX.name),
      codeCell(r.resource_type, MAX.name),
      codeCell(r.resource_id, MAX.id),
      r.status === 'available'
        ? '✅ available'
        : r.status === 'failed'
          ? '❌ failed'
          : '⏳ creating',
      textCell(r.status_reason, MAX.message),
    ]),
  );
  return {
    name: 'resources',
    label: 'resources',
    head: `<details><summary>Resources (${count(resources.length)}${mark})</summary>\n\n${table}`,
    items,
    cutNote: cutNote('resources'),
    droppedNote: droppedNote('Resources', 'resources'),
    tail: '\n</details>\n\n',
  };
}

function logLine(entry: LogEntry): string {
  const where = entry.stack ? `[${entry.stack}${entry.resource ? `/${entry.resource}` : ''}] ` : '';
  const line = `${formatTime(entry.timestamp)} ${entry.level.toUpperCase().padEnd(7)} ${where}${entry.message}`;
  return `${truncate(line, MAX.log).replace(/\r?\n/g, '\n    ')}\n`;
}

function logSection(record: DeploymentRecordFile): Section | null {
  const items = record.deployment.logs.filter((e) => e.level !== 'debug').map(logLine);
  if (items.length === 0) return null;
  const fence = codeFence(items);
  return {
    name: 'log',
    label: 'log entries',
    head: `<details><summary>Log (${plural(items.length, 'entry', 'entries')})</summary>\n\n${fence}text\n`,
    items,
    close: `${fence}\n`,
    cutNote: cutNote('log entries'),
    droppedNote: droppedNote('Log', 'entries'),
    tail: '\n</details>\n\n',
  };
}

/** Every section of the summary, in display order. */
export function jobSummarySections(
  record: DeploymentRecordFile,
  options: JobSummaryOptions = {},
): Section[] {
  return [
    statusSection(record, options),
    timelineSection(record),
    stacksSection(record, STYLE),
    imagesSection(record, STYLE),
    ...changesSections(record, STYLE),
    outputsSection(record, STYLE),
    checksSection(record, STYLE),
    bakeSection(record, STYLE),
    rollbackSection(record, STYLE),
    resourcesSection(record),
    timingsSection(record),
    logSection(record),
  ].filter((s): s is Section => s !== null);
}

/** What goes first when the summary is too large. */
export function jobSummaryTrimSteps(record: DeploymentRecordFile): TrimStep[] {
  const counts = countChecks(record.deployment.checks);
  const review = reviewTrimSteps(record);
  return [
    { section: 'timings', drop: true },
    { section: 'resources', drop: true },
    { section: 'images', drop: true },
    {
      section: 'checks',
      keepAtLeast: counts.failed + counts.skipped,
      label: 'checks (passed ones)',
    },
    { section: 'log', drop: true },
    { section: 'outputs', drop: true },
    { section: 'checks', drop: true },
    { section: 'timeline', drop: true },
    ...planTrimSteps(record),
    ...review.changes,
    { section: 'rollback' },
    ...review.security,
    { section: 'stacks' },
  ];
}

export function fitJobSummary(
  record: DeploymentRecordFile,
  options: JobSummaryOptions = {},
): FitResult {
  const where = options.recordFile
    ? `The full record is in ${code(options.recordFile)} (the \`record-file\` output).`
    : 'The full record is in the `record-file` output.';
  return fitToLimit(jobSummarySections(record, options), {
    limit: options.limitBytes ?? STEP_SUMMARY_LIMIT_BYTES,
    measure: utf8Bytes,
    steps: jobSummaryTrimSteps(record),
    notice: (trimmed) => trimNotice(trimmed, "GitHub's 1 MiB step summary limit", where),
    noticeAfter: 'status',
    hardCutNote: '\n\n_…cut here to fit the size limit._\n',
  });
}

/** The job summary Markdown, within the limit (1 MiB by default). */
export function renderJobSummary(
  record: DeploymentRecordFile,
  options: JobSummaryOptions = {},
): string {
  return fitJobSummary(record, options).text;
}

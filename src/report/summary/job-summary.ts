/**
 * The job summary (`GITHUB_STEP_SUMMARY`): a pure function of the deployment record.
 *
 * Order: status, timeline, stacks, changes (mode plan), outputs (not in mode plan), checks,
 * rollback, resources (collapsed), log (collapsed). Within GitHub's 1 MiB, trimmed least important
 * first: resources, passed checks, the log, outputs, the other checks, the timeline, the plan's
 * change rows (never its per-stack counts), rollback rows; the status is never trimmed and the
 * stacks table only as the very last resort.
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
  text,
  textCell,
  truncate,
} from './markdown.js';
import { cutNote, droppedNote, trimNotice } from './notes.js';
import { planChangeSections, planTrimSteps } from './plan-changes.js';
import {
  CHECK_LABELS,
  checkOutcome,
  checksByImportance,
  countChecks,
  deploymentStatusLabel,
  headline,
  orderedStacks,
  rollbackActionLabel,
  rollbackOutcomeLabel,
  runMode,
  stackChanges,
  stackCountsText,
  stacksWithRollback,
  stackStatusLabel,
} from './record-view.js';

export interface JobSummaryOptions {
  /** Link to the workflow run. */
  readonly runUrl?: string;
  /** Where the full record is, for the trim notice (e.g. the `record-file` path). */
  readonly recordFile?: string;
  /** Bytes; default 1 MiB. Lower it when the step writes other things to its summary. */
  readonly limitBytes?: number;
}

/** Longest texts in one cell or line, in characters. */
const MAX = {
  name: 256,
  message: 1_000,
  reason: 8_000,
  value: 1_000,
  id: 512,
  log: 2_000,
} as const;

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
  let body = `## ${headline(record)}\n\n${facts.join(' · ')}\n\n`;
  if (deployment.rollback_reason) {
    body += `**Reason:** ${text(truncate(deployment.rollback_reason, MAX.reason))}\n\n`;
  }
  if (deployment.rollback) {
    body += `**Rollback:** ${rollbackOutcomeLabel(deployment.rollback)} — ${text(truncate(deployment.rollback.message, MAX.reason))}\n\n`;
  }
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

function stacksSection(record: DeploymentRecordFile): Section {
  const stacks = orderedStacks(record);
  const mode = runMode(record);
  const items = stacks.map((stack) =>
    tableRow([
      codeCell(stack.name, MAX.name),
      stackStatusLabel(stack, mode),
      durationBetween(stack.start_time, stack.end_time),
      stackChanges(stack),
      stack.no_op ? 'yes' : 'no',
      codeCell(stack.cloudformation_status, MAX.name),
      textCell(
        stack.error_message ?? (stack.plan?.outcome === 'blocked' ? stack.plan.message : null),
        MAX.message,
      ),
    ]),
  );
  const head =
    stacks.length === 0
      ? '### Stacks\n\n_No stack was selected or synthesized._\n'
      : `### Stacks\n\n${tableHead(
          ['Stack', 'Status', 'Duration', 'Changes', 'No-op', 'CloudFormation', 'Message'],
          ['left', 'left', 'right', 'right'],
        )}`;
  return {
    name: 'stacks',
    label: 'stacks',
    head,
    items,
    cutNote: cutNote('stacks'),
    tail: '\n',
  };
}

function outputsSection(record: DeploymentRecordFile): Section | null {
  if (runMode(record) === 'plan') return null;
  const items: string[] = [];
  for (const stack of orderedStacks(record)) {
    if (stack.status !== 'deployed') continue;
    for (const [key, value] of Object.entries(stack.outputs)) {
      items.push(
        tableRow([
          codeCell(stack.name, MAX.name),
          codeCell(key, MAX.name),
          codeCell(value, MAX.value),
        ]),
      );
    }
  }
  if (items.length === 0) return null;
  return {
    name: 'outputs',
    label: 'outputs',
    head: `### Outputs\n\n${tableHead(['Stack', 'Output', 'Value'])}`,
    items,
    cutNote: cutNote('outputs'),
    droppedNote: droppedNote('Outputs', 'outputs'),
    tail: '\n',
  };
}

function checksSection(record: DeploymentRecordFile): Section | null {
  const checks = checksByImportance(record.deployment.checks);
  if (checks.length === 0) return null;
  const counts = countChecks(checks);
  const items = checks.map((check) =>
    tableRow([
      CHECK_LABELS[checkOutcome(check)],
      codeCell(check.check, MAX.name),
      codeCell(check.stack, MAX.name),
      codeCell(check.resource, MAX.name),
      textCell(check.message, MAX.message),
    ]),
  );
  return {
    name: 'checks',
    label: 'checks',
    head:
      `### Verification checks\n\n${count(counts.passed)} passed, ${count(counts.failed)} failed, ${count(counts.skipped)} skipped\n\n` +
      tableHead(['Result', 'Check', 'Stack', 'Resource', 'Message']),
    items,
    cutNote: cutNote('checks'),
    droppedNote: (total) =>
      `### Verification checks\n\n${count(counts.passed)} passed, ${count(counts.failed)} failed, ${count(counts.skipped)} skipped _(the ${count(total)} rows are not shown, to fit the size limit)_\n\n`,
    tail: '\n',
  };
}

function rollbackSection(record: DeploymentRecordFile): Section | null {
  const { rollback } = record.deployment;
  const stacks = stacksWithRollback(record);
  if (!rollback && stacks.length === 0) return null;
  let head = '### Rollback\n\n';
  if (rollback)
    head += `**Outcome:** ${rollbackOutcomeLabel(rollback)} — ${text(truncate(rollback.message, MAX.reason))}\n\n`;
  if (stacks.length > 0) head += tableHead(['Stack', 'Action', 'Result', 'At (UTC)', 'Message']);
  const items = stacks.flatMap((stack) => {
    const step = stack.rollback;
    if (!step) return [];
    return tableRow([
      codeCell(stack.name, MAX.name),
      `${rollbackActionLabel(step.action)} (${code(step.action)})`,
      step.succeeded ? '✅ succeeded' : '❌ failed',
      formatTime(step.at),
      textCell(step.message, MAX.message),
    ]);
  });
  return {
    name: 'rollback',
    label: 'rollback steps',
    head,
    items,
    cutNote: cutNote('rollback steps'),
    tail: '\n',
  };
}

function resourcesSection(record: DeploymentRecordFile): Section | null {
  const { resources } = record;
  if (resources.length === 0) return null;
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
    head: `<details><summary>Resources (${count(resources.length)})</summary>\n\n${tableHead([
      'Stack',
      'Logical ID',
      'Type',
      'Physical ID',
      'Status',
      'Reason',
    ])}`,
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
    stacksSection(record),
    ...planChangeSections(record, {
      title: '### Changes\n\n',
      stackHeading: (name, counts) => `#### ${name}: ${counts}\n\n`,
      maxName: MAX.name,
      maxReason: MAX.message,
    }),
    outputsSection(record),
    checksSection(record),
    rollbackSection(record),
    resourcesSection(record),
    logSection(record),
  ].filter((s): s is Section => s !== null);
}

/** What goes first when the summary is too large. */
export function jobSummaryTrimSteps(record: DeploymentRecordFile): TrimStep[] {
  const counts = countChecks(record.deployment.checks);
  return [
    { section: 'resources', drop: true },
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
    { section: 'rollback' },
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

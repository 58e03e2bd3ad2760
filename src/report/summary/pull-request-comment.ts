/**
 * The pull-request comment: one per environment, found again by its hidden marker, rewritten at
 * each phase. A pure function of the deployment record.
 *
 * Shorter than the job summary: status, stacks table, the plan's changes (mode plan), failed
 * stacks' errors, failed and skipped checks, rollback, outputs (collapsed; not in mode plan). Within
 * GitHub's 65,536 characters, trimmed in the order outputs, checks, errors, change rows (never the
 * per-stack counts), rollback rows; the status and the stacks table are kept (stack rows are cut
 * only when nothing else is left).
 */
import type { DeploymentRecordFile } from '../../model/record.js';
import {
  characters,
  COMMENT_LIMIT_CHARACTERS,
  fitToLimit,
  type FitResult,
  type Section,
  type TrimStep,
} from './fit-to-limit.js';
import {
  code,
  codeCell,
  count,
  durationBetween,
  formatDateTime,
  formatTime,
  link,
  tableHead,
  tableRow,
  text,
  textCell,
  truncate,
} from './markdown.js';
import { cutNote, trimNotice } from './notes.js';
import { planChangeSections, planTrimSteps } from './plan-changes.js';
import {
  CHECK_LABELS,
  checkOutcome,
  checksByImportance,
  countChecks,
  deploymentWord,
  headline,
  lastUpdate,
  orderedStacks,
  rollbackActionLabel,
  rollbackOutcomeLabel,
  runMode,
  stackChanges,
  stackCountsText,
  stacksWithRollback,
  stackStatusLabel,
} from './record-view.js';

export interface PullRequestCommentOptions {
  /** Link to the workflow run (its job summary has every detail). */
  readonly runUrl?: string;
  /** The commit deployed. */
  readonly sha?: string;
  /** Characters; default 65,536. */
  readonly limit?: number;
}

const MAX = { name: 128, message: 500, reason: 2_000, value: 300 } as const;

/**
 * The hidden first line that identifies this action's comment for one environment. The
 * environment is URI-encoded so that no value can end the HTML comment early or look like another
 * environment's marker.
 */
export function commentMarker(environment: string): string {
  return `<!-- cdk-deploy-action:environment=${encodeURIComponent(environment)} -->`;
}

function statusSection(record: DeploymentRecordFile, options: PullRequestCommentOptions): Section {
  const { deployment } = record;
  const facts = [
    stackCountsText(record),
    deployment.end_time
      ? `took ${durationBetween(deployment.start_time, deployment.end_time)}`
      : `running since ${formatTime(deployment.start_time)} UTC`,
  ];
  if (options.sha) facts.push(`commit ${code(options.sha.slice(0, 12))}`);
  if (options.runUrl) facts.push(link('workflow run', options.runUrl));
  facts.push(`updated ${formatDateTime(lastUpdate(record))}`);
  const timeline = deployment.status_history
    .map((change) => `${deploymentWord(change.status)} ${formatTime(change.at)}`)
    .join(' → ');
  let body = `${commentMarker(deployment.environment)}\n### ${headline(record)}\n\n${facts.join(' · ')}\n\n<sub>${timeline}</sub>\n\n`;
  if (deployment.rollback_reason) {
    body += `**Reason:** ${text(truncate(deployment.rollback_reason, MAX.reason))}\n\n`;
  }
  if (deployment.rollback) {
    body += `**Rollback:** ${rollbackOutcomeLabel(deployment.rollback)} — ${text(truncate(deployment.rollback.message, MAX.reason))}\n\n`;
  }
  return { name: 'status', label: 'status', head: body, items: [] };
}

function stacksSection(record: DeploymentRecordFile): Section {
  const stacks = orderedStacks(record);
  const mode = runMode(record);
  return {
    name: 'stacks',
    label: 'stacks',
    head:
      stacks.length === 0
        ? '_No stack was selected or synthesized._\n'
        : tableHead(['Stack', 'Status', 'Duration', 'Changes'], ['left', 'left', 'right', 'right']),
    items: stacks.map((stack) =>
      tableRow([
        codeCell(stack.name, MAX.name),
        stackStatusLabel(stack, mode),
        durationBetween(stack.start_time, stack.end_time),
        stack.no_op ? 'no changes' : stackChanges(stack),
      ]),
    ),
    cutNote: cutNote('stacks (see the job summary)'),
    tail: '\n',
  };
}

function errorsSection(record: DeploymentRecordFile): Section | null {
  const failed = orderedStacks(record).filter((s) => s.status === 'failed' && s.error_message);
  if (failed.length === 0) return null;
  return {
    name: 'errors',
    label: 'stack errors',
    head: '**Errors**\n\n',
    items: failed.map(
      (stack) =>
        `- ${code(truncate(stack.name, MAX.name))}: ${textCell(stack.error_message, MAX.message)}\n`,
    ),
    cutNote: cutNote('stack errors'),
    droppedNote: (total) => `**Errors:** _${count(total)}, in the job summary._\n\n`,
    tail: '\n',
  };
}

function checksSection(record: DeploymentRecordFile): Section | null {
  const checks = record.deployment.checks;
  if (checks.length === 0) return null;
  const counts = countChecks(checks);
  const shown = checksByImportance(checks).filter((c) => checkOutcome(c) !== 'passed');
  const summary = `**Verification:** ${count(counts.passed)} passed, ${count(counts.failed)} failed, ${count(counts.skipped)} skipped\n\n`;
  return {
    name: 'checks',
    label: 'failed or skipped checks',
    head:
      shown.length === 0
        ? summary
        : summary + tableHead(['Result', 'Check', 'Stack', 'Resource', 'Message']),
    items: shown.map((check) =>
      tableRow([
        CHECK_LABELS[checkOutcome(check)],
        codeCell(check.check, MAX.name),
        codeCell(check.stack, MAX.name),
        codeCell(check.resource, MAX.name),
        textCell(check.message, MAX.message),
      ]),
    ),
    cutNote: cutNote('failed or skipped checks (see the job summary)'),
    droppedNote: () => summary,
    tail: shown.length === 0 ? '' : '\n',
  };
}

function rollbackSection(record: DeploymentRecordFile): Section | null {
  const stacks = stacksWithRollback(record);
  if (stacks.length === 0) return null;
  return {
    name: 'rollback',
    label: 'rollback steps',
    head: `**Rollback steps**\n\n${tableHead(['Stack', 'Action', 'Result', 'Message'])}`,
    items: stacks.flatMap((stack) =>
      stack.rollback
        ? [
            tableRow([
              codeCell(stack.name, MAX.name),
              rollbackActionLabel(stack.rollback.action),
              stack.rollback.succeeded ? '✅' : '❌',
              textCell(stack.rollback.message, MAX.message),
            ]),
          ]
        : [],
    ),
    cutNote: cutNote('rollback steps (see the job summary)'),
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
    head: `<details><summary>Outputs (${count(items.length)})</summary>\n\n${tableHead(['Stack', 'Output', 'Value'])}`,
    items,
    cutNote: cutNote('outputs'),
    droppedNote: () => '',
    tail: '\n</details>\n\n',
  };
}

function footerSection(record: DeploymentRecordFile, options: PullRequestCommentOptions): Section {
  const where = options.runUrl ? link('job summary', options.runUrl) : 'job summary';
  return {
    name: 'footer',
    label: 'footer',
    head: `<sub>Every check, resource and log line is in the ${where}. Deployment ${code(record.deployment.id)}.</sub>\n`,
    items: [],
  };
}

export function pullRequestCommentSections(
  record: DeploymentRecordFile,
  options: PullRequestCommentOptions = {},
): Section[] {
  return [
    statusSection(record, options),
    stacksSection(record),
    ...planChangeSections(record, {
      title: '**Changes**\n\n',
      stackHeading: (name, counts) => `${name}: ${counts}\n\n`,
      maxName: MAX.name,
      maxReason: MAX.message,
    }),
    errorsSection(record),
    checksSection(record),
    rollbackSection(record),
    outputsSection(record),
    footerSection(record, options),
  ].filter((s): s is Section => s !== null);
}

export const PULL_REQUEST_COMMENT_TRIM_STEPS: readonly TrimStep[] = [
  { section: 'outputs', drop: true },
  { section: 'checks', drop: true },
  { section: 'errors', drop: true },
  { section: 'rollback' },
  { section: 'stacks' },
];

/** The trim plan; in mode plan the change rows go after the errors (their counts stay). */
export function pullRequestCommentTrimSteps(record: DeploymentRecordFile): TrimStep[] {
  const [outputs, checks, errors, ...rest] = PULL_REQUEST_COMMENT_TRIM_STEPS;
  return [outputs, checks, errors, ...planTrimSteps(record), ...rest].filter(
    (step): step is TrimStep => step !== undefined,
  );
}

export function fitPullRequestComment(
  record: DeploymentRecordFile,
  options: PullRequestCommentOptions = {},
): FitResult {
  return fitToLimit(pullRequestCommentSections(record, options), {
    limit: options.limit ?? COMMENT_LIMIT_CHARACTERS,
    measure: characters,
    steps: pullRequestCommentTrimSteps(record),
    notice: (trimmed) =>
      trimNotice(trimmed, "GitHub's comment size limit", 'The job summary has all of it.'),
    noticeAfter: 'status',
    hardCutNote: '\n\n_…cut here to fit the comment size limit._\n',
  });
}

/** The comment body (its first line is the marker), within 65,536 characters by default. */
export function renderPullRequestComment(
  record: DeploymentRecordFile,
  options: PullRequestCommentOptions = {},
): string {
  return fitPullRequestComment(record, options).text;
}

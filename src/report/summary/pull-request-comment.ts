/**
 * The pull-request comment: one per environment, found again by its hidden marker, rewritten at
 * each phase. A pure function of the deployment record.
 *
 * Shorter than the job summary: status, stacks table, the plan's changes (mode plan), failed
 * stacks' errors, failed and skipped checks, rollback, outputs (collapsed; not in mode plan). Within
 * GitHub's 65,536 characters, trimmed in the order outputs, checks, errors, change rows (never the
 * per-stack counts), rollback rows; the status and the stacks table are kept (stack rows are cut
 * only when nothing else is left).
 *
 * The sections it shares with the job summary come from sections.ts, in their brief form; as
 * there, after a rollback each stack shows its state after the run and the outputs are marked as
 * deployed before the rollback.
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
  count,
  durationBetween,
  formatDateTime,
  formatTime,
  link,
  textCell,
  truncate,
} from './markdown.js';
import { cutNote, trimNotice } from './notes.js';
import { planTrimSteps } from './plan-changes.js';
import { reviewTrimSteps } from './review/index.js';
import {
  deploymentWord,
  headline,
  lastUpdate,
  orderedStacks,
  stackCountsText,
} from './record-view.js';
import { bakeSection } from './bake-section.js';
import { changesSections, outputsSection, stacksSection } from './sections.js';
import { checksSection } from './checks-section.js';
import { reasonLines, rollbackSection } from './rollback-section.js';
import { COMMENT_STYLE } from './section-style.js';

export interface PullRequestCommentOptions {
  /** Link to the workflow run (its job summary has every detail). */
  readonly runUrl?: string;
  /** The commit deployed. */
  readonly sha?: string;
  /** Characters; default 65,536. */
  readonly limit?: number;
}

const STYLE = COMMENT_STYLE;
const MAX = STYLE.max;

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
  const body = `${commentMarker(deployment.environment)}\n### ${headline(record)}\n\n${facts.join(' · ')}\n\n<sub>${timeline}</sub>\n\n${reasonLines(record, STYLE)}`;
  return { name: 'status', label: 'status', head: body, items: [] };
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
    stacksSection(record, STYLE),
    ...changesSections(record, STYLE),
    errorsSection(record),
    checksSection(record, STYLE),
    bakeSection(record, STYLE),
    rollbackSection(record, STYLE),
    outputsSection(record, STYLE),
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
  const [outputs, checks, errors, rollback, stacks] = PULL_REQUEST_COMMENT_TRIM_STEPS;
  const review = reviewTrimSteps(record);
  return [
    outputs,
    checks,
    errors,
    ...planTrimSteps(record),
    ...review.changes,
    { section: 'bake' },
    rollback,
    ...review.security,
    stacks,
  ].filter((step): step is TrimStep => step !== undefined);
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

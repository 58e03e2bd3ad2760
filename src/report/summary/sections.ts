/**
 * The sections the job summary and the pull-request comment share, built once. A document's
 * `SectionStyle` says how long its cells may be and whether it is the brief form (the comment:
 * fewer columns, only the checks that did not pass, outputs collapsed, pointers to the job
 * summary); which sections a document has, and in what order, is the document's own.
 */
import { modeWords } from '../../model/modes.js';
import type { CheckResult } from '../../model/check-result.js';
import type { DeploymentRecordFile } from '../../model/record.js';
import type { Section } from './fit-to-limit.js';
import {
  code,
  codeCell,
  count,
  durationBetween,
  formatTime,
  tableHead,
  tableRow,
  text,
  textCell,
  truncate,
} from './markdown.js';
import { cutNote, droppedNote } from './notes.js';
import { planChangeSections } from './plan-changes.js';
import { hasReview, reviewSections } from '../../review/render/index.js';
import {
  CHECK_LABELS,
  checkOutcome,
  checksByImportance,
  countChecks,
  orderedStacks,
  stackChanges,
  stacksWithRollback,
  stackStatusLabel,
} from './record-view.js';
import {
  BEFORE_ROLLBACK,
  isAfterRollback,
  rollbackActionLabel,
  rollbackOutcomeLabel,
  stackAfterRollback,
} from './rollback-view.js';

/** Longest texts in one cell or line, in characters. */
export interface MaxLengths {
  readonly name: number;
  readonly message: number;
  readonly reason: number;
  readonly value: number;
  readonly id: number;
  readonly log: number;
}

export interface SectionStyle {
  readonly max: MaxLengths;
  /** The comment's short form; the job summary has every detail. */
  readonly brief: boolean;
}

export const JOB_SUMMARY_STYLE: SectionStyle = {
  max: { name: 256, message: 1_000, reason: 8_000, value: 1_000, id: 512, log: 2_000 },
  brief: false,
};

export const COMMENT_STYLE: SectionStyle = {
  max: { name: 128, message: 500, reason: 2_000, value: 300, id: 512, log: 2_000 },
  brief: true,
};

/** `stacks`, or in the brief form `stacks (see the job summary)`. */
function more(label: string, style: SectionStyle): string {
  return style.brief ? `${label} (see the job summary)` : label;
}

/** The run's failure reason and rollback outcome, for the status section. */
export function reasonLines(record: DeploymentRecordFile, style: SectionStyle): string {
  const { deployment } = record;
  let body = '';
  if (deployment.rollback_reason) {
    body += `**Reason:** ${text(truncate(deployment.rollback_reason, style.max.reason))}\n\n`;
  }
  if (deployment.rollback) {
    body += `**Rollback:** ${rollbackOutcomeLabel(deployment.rollback)} — ${text(truncate(deployment.rollback.message, style.max.reason))}\n\n`;
  }
  return body;
}

export function stacksSection(record: DeploymentRecordFile, style: SectionStyle): Section {
  const stacks = orderedStacks(record);
  const { mode } = record.deployment;
  const { max, brief } = style;
  const title = brief ? '' : '### Stacks\n\n';
  const columns = brief
    ? ['Stack', 'Status', 'Duration', 'Changes']
    : ['Stack', 'Status', 'Duration', 'Changes', 'No-op', 'CloudFormation', 'Message'];
  const items = stacks.map((stack) => {
    const cells = [
      codeCell(stack.name, max.name),
      stackStatusLabel(stack, mode),
      durationBetween(stack.start_time, stack.end_time),
    ];
    if (brief) return tableRow([...cells, stack.no_op ? 'no changes' : stackChanges(stack)]);
    const message =
      stack.error_message ?? (stack.plan?.outcome === 'blocked' ? stack.plan.message : null);
    return tableRow([
      ...cells,
      stackChanges(stack),
      stack.no_op ? 'yes' : 'no',
      // A stack the rollback deleted has no CloudFormation status left.
      stackAfterRollback(stack) === 'deleted'
        ? '—'
        : codeCell(stack.cloudformation_status, max.name),
      textCell(message, max.message),
    ]);
  });
  return {
    name: 'stacks',
    label: 'stacks',
    head:
      stacks.length === 0
        ? `${title}_No stack was selected or synthesized._\n`
        : title + tableHead(columns, ['left', 'left', 'right', 'right']),
    items,
    cutNote: cutNote(more('stacks', style)),
    tail: '\n',
  };
}

/**
 * The changes of each stack: the review (plan id, security changes, resource diff) when the run
 * recorded one; otherwise, in mode plan, the change set's table.
 */
export function changesSections(record: DeploymentRecordFile, style: SectionStyle): Section[] {
  const review = reviewSections(record, {
    brief: style.brief,
    maxName: style.max.name,
    maxCell: style.max.message,
    // The comment carries the plan id in a hidden line that a deploy bound to it reads back.
    marker: style.brief,
  });
  if (hasReview(record)) return review;
  return [...review, ...planSections(record, style)];
}

function planSections(record: DeploymentRecordFile, style: SectionStyle): Section[] {
  return planChangeSections(record, {
    title: style.brief ? '**Changes**\n\n' : '### Changes\n\n',
    stackHeading: style.brief
      ? (name, counts) => `${name}: ${counts}\n\n`
      : (name, counts) => `#### ${name}: ${counts}\n\n`,
    maxName: style.max.name,
    maxReason: style.max.message,
  });
}

/**
 * The deployed stacks' outputs; a plan, which changes nothing live, has none to show. After a
 * rollback they are what was deployed before it, and say so; a stack it deleted has none left.
 */
export function outputsSection(record: DeploymentRecordFile, style: SectionStyle): Section | null {
  if (!modeWords(record.deployment.mode).isDeployment) return null;
  const { max } = style;
  const items: string[] = [];
  let deleted = 0;
  for (const stack of orderedStacks(record)) {
    if (stack.status !== 'deployed') continue;
    if (stackAfterRollback(stack) === 'deleted') {
      deleted += 1;
      continue;
    }
    for (const [key, value] of Object.entries(stack.outputs)) {
      items.push(
        tableRow([
          codeCell(stack.name, max.name),
          codeCell(key, max.name),
          codeCell(value, max.value),
        ]),
      );
    }
  }
  if (items.length === 0) return null;
  const afterRollback = isAfterRollback(record);
  const table = tableHead(['Stack', 'Output', 'Value']);
  const section = { name: 'outputs', label: 'outputs', items, cutNote: cutNote('outputs') };
  if (style.brief) {
    const mark = afterRollback ? `, ${BEFORE_ROLLBACK}` : '';
    return {
      ...section,
      head: `<details><summary>Outputs (${count(items.length)}${mark})</summary>\n\n${table}`,
      droppedNote: () => '',
      tail: '\n</details>\n\n',
    };
  }
  const gone = deleted > 0 ? '; the stacks it deleted have none left and are not listed' : '';
  const note = afterRollback ? `_${upperFirst(BEFORE_ROLLBACK)}${gone}._\n\n` : '';
  return {
    ...section,
    head: `### Outputs\n\n${note}${table}`,
    droppedNote: droppedNote('Outputs', 'outputs'),
    tail: '\n',
  };
}

function upperFirst(words: string): string {
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function checkRow(check: CheckResult, style: SectionStyle): string {
  const { max } = style;
  return tableRow([
    CHECK_LABELS[checkOutcome(check)],
    codeCell(check.check, max.name),
    codeCell(check.stack, max.name),
    codeCell(check.resource, max.name),
    textCell(check.message, max.message),
  ]);
}

/** The verification checks: every one, or in the brief form those that did not pass. */
export function checksSection(record: DeploymentRecordFile, style: SectionStyle): Section | null {
  const checks = checksByImportance(record.deployment.checks);
  if (checks.length === 0) return null;
  const counts = countChecks(checks);
  const tally = `${count(counts.passed)} passed, ${count(counts.failed)} failed, ${count(counts.skipped)} skipped`;
  const table = tableHead(['Result', 'Check', 'Stack', 'Resource', 'Message']);
  if (!style.brief) {
    return {
      name: 'checks',
      label: 'checks',
      head: `### Verification checks\n\n${tally}\n\n${table}`,
      items: checks.map((check) => checkRow(check, style)),
      cutNote: cutNote('checks'),
      droppedNote: (total) =>
        `### Verification checks\n\n${tally} _(the ${count(total)} rows are not shown, to fit the size limit)_\n\n`,
      tail: '\n',
    };
  }
  const shown = checks.filter((c) => checkOutcome(c) !== 'passed');
  const summary = `**Verification:** ${tally}\n\n`;
  return {
    name: 'checks',
    label: 'failed or skipped checks',
    head: shown.length === 0 ? summary : summary + table,
    items: shown.map((check) => checkRow(check, style)),
    cutNote: cutNote(more('failed or skipped checks', style)),
    droppedNote: () => summary,
    tail: shown.length === 0 ? '' : '\n',
  };
}

/** How the stack went back, when CloudFormation rolled it back itself. */
function rollbackPathNote(path: string | undefined): string {
  return path === 'native' ? ' (CloudFormation rolled the update back natively)' : '';
}

/**
 * The rollback: its outcome and each stack's step; the brief form has the steps only (the
 * outcome is in its status section).
 */
export function rollbackSection(record: DeploymentRecordFile, style: SectionStyle): Section | null {
  const { rollback } = record.deployment;
  const { max, brief } = style;
  const stacks = stacksWithRollback(record);
  if (stacks.length === 0 && (brief || !rollback)) return null;
  let head = brief ? '**Rollback steps**\n\n' : '### Rollback\n\n';
  if (rollback && !brief)
    head += `**Outcome:** ${rollbackOutcomeLabel(rollback)} — ${text(truncate(rollback.message, max.reason))}\n\n`;
  if (stacks.length > 0) {
    head += tableHead(
      brief
        ? ['Stack', 'Action', 'Result', 'Message']
        : ['Stack', 'Action', 'Result', 'At (UTC)', 'Message'],
    );
  }
  const items = stacks.flatMap((stack) => {
    const step = stack.rollback;
    if (!step) return [];
    const name = codeCell(stack.name, max.name);
    const message = textCell(step.message, max.message) + rollbackPathNote(step.path);
    if (brief) {
      return tableRow([
        name,
        rollbackActionLabel(step.action),
        step.succeeded ? '✅' : '❌',
        message,
      ]);
    }
    return tableRow([
      name,
      `${rollbackActionLabel(step.action)} (${code(step.action)})`,
      step.succeeded ? '✅ succeeded' : '❌ failed',
      formatTime(step.at),
      message,
    ]);
  });
  return {
    name: 'rollback',
    label: 'rollback steps',
    head,
    items,
    cutNote: cutNote(more('rollback steps', style)),
    tail: '\n',
  };
}

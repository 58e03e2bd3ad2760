/** The run's failure reason and rollback outcome, and each stack's rollback step. */
import type { DeploymentRecordFile } from '../../model/record.js';
import type { Section } from './fit-to-limit.js';
import {
  code,
  codeCell,
  formatTime,
  tableHead,
  tableRow,
  text,
  textCell,
  truncate,
} from './markdown.js';
import { cutNote } from './notes.js';
import { stacksWithRollback } from './record-view.js';
import { rollbackActionLabel, rollbackOutcomeLabel } from './rollback-view.js';
import { seeJobSummary, type SectionStyle } from './section-style.js';

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
    cutNote: cutNote(seeJobSummary('rollback steps', style)),
    tail: '\n',
  };
}

/**
 * The sections the job summary and the pull-request comment share, built once. A document's
 * `SectionStyle` says how long its cells may be and whether it is the brief form (the comment:
 * fewer columns, only the checks that did not pass, outputs collapsed, pointers to the job
 * summary); which sections a document has, and in what order, is the document's own.
 */
import { modeWords } from '../../model/modes.js';
import type { DeploymentRecordFile } from '../../model/record.js';
import type { Section } from './fit-to-limit.js';
import { codeCell, count, durationBetween, tableHead, tableRow, textCell } from './markdown.js';
import { cutNote, droppedNote } from './notes.js';
import { planChangeSections } from './plan-changes.js';
import { hasReview, reviewSections } from './review/index.js';
import { orderedStacks, stackChanges, stackStatusLabel } from './record-view.js';
import { BEFORE_ROLLBACK, isAfterRollback, stackAfterRollback } from './rollback-view.js';
import { seeJobSummary, type SectionStyle } from './section-style.js';

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
    cutNote: cutNote(seeJobSummary('stacks', style)),
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

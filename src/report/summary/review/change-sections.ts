/**
 * The resource changes per stack, as a reviewer reads them: added, modified (with the properties
 * that change), replaced (with CloudFormation's reason), removed. A stack with many changes is
 * collapsed; the stacks without changes take one line each.
 */
import type { DeploymentRecordFile } from '../../../model/record.js';
import type { ResourceAction, ResourceChangeView } from '../../../model/review.js';
import type { PlannedChange, StackRecord } from '../../../model/stack.js';
import type { Section, TrimStep } from '../fit-to-limit.js';
import { code, codeCell, count, tableHead, tableRow, textCell } from '../markdown.js';
import { cutNote } from '../notes.js';
import { orderedStacks } from '../record-view.js';
import type { ReviewStyle } from './security-sections.js';

/** More rows than this, and the stack's table is collapsed under its counts. */
export const COLLAPSE_AFTER_ROWS = 15;

const ACTION_LABEL: Readonly<Record<ResourceAction, string>> = {
  add: '➕ add',
  modify: '✏️ modify',
  replace: '🔁 replace',
  'may-replace': '🔁 may replace',
  remove: '➖ remove',
  orphan: '⏏️ orphan (kept, leaves the stack)',
};

const COUNT_WORD: Readonly<Record<ResourceAction, string>> = {
  add: 'to add',
  modify: 'to modify',
  replace: 'to replace',
  'may-replace': 'may be replaced',
  remove: 'to remove',
  orphan: 'to orphan',
};

/** A plan's change set rows, for a stack that was planned but not diffed (blocked, YAML). */
function fromPlan(stack: StackRecord): ResourceChangeView[] {
  const plan = stack.plan;
  if (!plan) return [];
  const view = (action: ResourceAction) => (c: PlannedChange) => ({
    action,
    logical_id: c.logical_id,
    resource_type: c.resource_type,
    properties: [],
    reasons: c.replacement_reasons ?? [],
  });
  return [
    ...plan.removals.map(view('remove')),
    ...plan.replacements.map((c) =>
      view(c.replacement === 'Conditional' ? 'may-replace' : 'replace')(c),
    ),
    ...plan.modifications.map(view('modify')),
    ...plan.additions.map(view('add')),
  ];
}

function changesOf(stack: StackRecord): ResourceChangeView[] {
  return stack.resource_changes ?? fromPlan(stack);
}

/** The stacks whose changes are shown: reviewed (or planned) and not failed. */
function shownStacks(record: DeploymentRecordFile): StackRecord[] {
  return orderedStacks(record).filter(
    (s) => s.resource_changes || (s.plan && s.status === 'deployed'),
  );
}

/** Whether the record has a review diff at all (else the plan's own change table is shown). */
export function hasReview(record: DeploymentRecordFile): boolean {
  return record.stacks.some((s) => s.resource_changes);
}

export function countsText(changes: readonly ResourceChangeView[], destructive: number): string {
  const tally = new Map<ResourceAction, number>();
  for (const c of changes) tally.set(c.action, (tally.get(c.action) ?? 0) + 1);
  const parts = (Object.keys(COUNT_WORD) as ResourceAction[])
    .filter((a) => tally.has(a))
    .map((a) => `${count(tally.get(a) ?? 0)} ${COUNT_WORD[a]}`);
  const warn = destructive > 0 ? ` · ⚠️ ${count(destructive)} destructive` : '';
  return `${parts.join(', ') || 'no resource changes'}${warn}`;
}

function noteOf(change: ResourceChangeView, destructive: string | undefined, max: number): string {
  const parts: string[] = [];
  if (destructive) parts.push(`⚠️ destructive: ${textCell(destructive, max)}`);
  if (change.reasons.length > 0) parts.push(textCell(change.reasons.join('; '), max));
  if (change.properties.length > 0) {
    parts.push(`changed: ${change.properties.map((p) => codeCell(p, 80)).join(', ')}`);
  }
  return parts.join(' · ');
}

const sectionName = (stackName: string): string => `changes:${stackName}`;

export function changeSections(record: DeploymentRecordFile, style: ReviewStyle): Section[] {
  const stacks = shownStacks(record);
  const changed = stacks.filter((s) => changesOf(s).length > 0);
  const unchanged = stacks.filter(
    (s) => changesOf(s).length === 0 && s.plan?.outcome !== 'blocked',
  );
  const title = style.brief ? '**Resource changes**\n\n' : '### Resource changes\n\n';
  const sections: Section[] = changed.map((stack, i) => {
    const changes = changesOf(stack);
    const destructive = new Map(
      (stack.plan?.destructive_changes ?? []).map((d) => [d.logical_id, d.reason]),
    );
    const name = code(stack.name.slice(0, style.maxName));
    const counts = countsText(changes, destructive.size);
    const table = tableHead(['Action', 'Logical ID', 'Type', 'Changes and reasons']);
    const collapse = changes.length > COLLAPSE_AFTER_ROWS;
    const line = style.brief ? `${name}: ${counts}` : `#### ${name}: ${counts}`;
    const head = collapse
      ? `${line}\n\n<details><summary>${count(changes.length)} resource changes</summary>\n\n${table}`
      : `${line}\n\n${table}`;
    return {
      name: sectionName(stack.name),
      label: `resource changes of ${name}`,
      head: (i === 0 ? title : '') + head,
      items: changes.map((c) =>
        tableRow([
          destructive.has(c.logical_id) ? `⚠️ ${ACTION_LABEL[c.action]}` : ACTION_LABEL[c.action],
          codeCell(c.logical_id, style.maxName),
          codeCell(c.resource_type, style.maxName),
          noteOf(c, destructive.get(c.logical_id), style.maxCell),
        ]),
      ),
      cutNote: cutNote(`resource changes of ${name}`),
      tail: collapse ? '\n</details>\n\n' : '\n',
    };
  });
  if (unchanged.length > 0) {
    sections.push({
      name: 'changes:unchanged',
      label: 'unchanged stacks',
      head: changed.length === 0 ? title : '',
      items: unchanged.map((s) => `- ${code(s.name.slice(0, style.maxName))}: no changes\n`),
      cutNote: cutNote('unchanged stacks'),
      tail: '\n',
    });
  }
  return sections;
}

/** The unchanged lines first, then the change rows, the largest stacks first. */
export function changeTrimSteps(record: DeploymentRecordFile): TrimStep[] {
  const steps = shownStacks(record)
    .map((stack, i) => ({ stack, i, rows: changesOf(stack).length }))
    .filter(({ rows }) => rows > 0)
    .sort((a, b) => b.rows - a.rows || b.i - a.i)
    .map(({ stack }) => ({ section: sectionName(stack.name) }));
  return [{ section: 'changes:unchanged' }, ...steps];
}

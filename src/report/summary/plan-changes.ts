/**
 * Mode plan: a section per stack with changes, shared by the job summary and the PR comment. Its
 * head (the stack and its counts) is never trimmed; its rows (one per resource change,
 * destructive ones first) are, largest plans first, with a note.
 */
import { planActionCounts, type PlanAction } from '../../model/plan-counts.js';
import type { DeploymentRecordFile } from '../../model/record.js';
import type { DestructiveChange, PlannedChange, StackPlan } from '../../model/stack.js';
import type { Section, TrimStep } from './fit-to-limit.js';
import { code, codeCell, count, tableHead, tableRow, textCell, truncate } from './markdown.js';
import { cutNote } from './notes.js';
import { hasPlannedChanges, orderedStacks } from './record-view.js';

export type { PlanAction } from '../../model/plan-counts.js';

interface PlanRow {
  readonly action: PlanAction;
  readonly change: PlannedChange;
  readonly destructive: DestructiveChange | undefined;
}

/** Every change of a plan: destructive ones first, then removals, replacements, modifications, additions. */
export function planRows(plan: StackPlan): PlanRow[] {
  const destructive = new Map(plan.destructive_changes.map((d) => [d.logical_id, d]));
  const rows: PlanRow[] = (
    [
      ['remove', plan.removals],
      ['replace', plan.replacements],
      ['modify', plan.modifications],
      ['add', plan.additions],
    ] as const
  ).flatMap(([action, changes]) =>
    changes.map((change) => ({ action, change, destructive: destructive.get(change.logical_id) })),
  );
  const listed = new Set(rows.map((r) => r.change.logical_id));
  for (const d of plan.destructive_changes) {
    if (!listed.has(d.logical_id)) rows.push({ action: d.action, change: d, destructive: d });
  }
  return [...rows.filter((r) => r.destructive), ...rows.filter((r) => !r.destructive)];
}

/** `2 to add, 1 to replace · ⚠️ 1 destructive`. */
export function planCountsText(plan: StackPlan): string {
  const parts = planActionCounts(plan)
    .filter(([, n]) => n > 0)
    .map(([action, n]) => `${count(n)} to ${action}`);
  const destructive = plan.destructive_changes.length;
  return `${parts.join(', ') || 'no resource changes'}${destructive > 0 ? ` · ⚠️ ${count(destructive)} destructive` : ''}`;
}

function note(row: PlanRow, max: number): string {
  if (row.destructive) return `⚠️ destructive: ${textCell(row.destructive.reason, max)}`;
  if (row.change.replacement === 'Conditional') return 'may be replaced';
  return '';
}

export interface PlanSectionsOptions {
  /** Above the first stack's changes, e.g. `### Changes\n\n`. */
  readonly title: string;
  /** The line naming one stack and its counts. */
  readonly stackHeading: (name: string, counts: string) => string;
  readonly maxName: number;
  readonly maxReason: number;
}

const sectionName = (stackName: string): string => `changes:${stackName}`;

export function planChangeSections(
  record: DeploymentRecordFile,
  options: PlanSectionsOptions,
): Section[] {
  return orderedStacks(record)
    .filter(hasPlannedChanges)
    .map((stack, i) => {
      const plan = stack.plan as StackPlan;
      const name = code(truncate(stack.name, options.maxName));
      return {
        name: sectionName(stack.name),
        label: `resource changes of ${name}`,
        head:
          (i === 0 ? options.title : '') +
          options.stackHeading(name, planCountsText(plan)) +
          tableHead(['Action', 'Logical ID', 'Type', 'Note']),
        items: planRows(plan).map((row) =>
          tableRow([
            row.destructive ? `⚠️ ${row.action}` : row.action,
            codeCell(row.change.logical_id, options.maxName),
            codeCell(row.change.resource_type, options.maxName),
            note(row, options.maxReason),
          ]),
        ),
        cutNote: cutNote(`resource changes of ${name}`),
        tail: '\n',
      };
    });
}

/** Trim the change rows, the largest plans first; the heads with the counts stay. */
export function planTrimSteps(record: DeploymentRecordFile): TrimStep[] {
  return orderedStacks(record)
    .filter(hasPlannedChanges)
    .map((stack, i) => ({ stack, i, rows: planRows(stack.plan as StackPlan).length }))
    .sort((a, b) => b.rows - a.rows || b.i - a.i)
    .map(({ stack }) => ({ section: sectionName(stack.name) }));
}

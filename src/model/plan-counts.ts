import type { StackPlan } from './stack.js';

export type PlanAction = 'add' | 'modify' | 'replace' | 'remove';

/** How many resources a plan adds, modifies, replaces and removes, in that order. */
export function planActionCounts(plan: StackPlan): ReadonlyArray<readonly [PlanAction, number]> {
  return [
    ['add', plan.additions.length],
    ['modify', plan.modifications.length],
    ['replace', plan.replacements.length],
    ['remove', plan.removals.length],
  ];
}

/** Every resource change of a plan. */
export function planChangeCount(plan: StackPlan): number {
  return planActionCounts(plan).reduce((sum, [, n]) => sum + n, 0);
}

/** `2 to add, 1 to modify, 0 to replace, 0 to remove`, as the log says it. */
export function planCounts(plan: StackPlan): string {
  return planActionCounts(plan)
    .map(([action, n]) => `${n} to ${action}`)
    .join(', ');
}

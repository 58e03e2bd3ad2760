/** Readings of the deployment record shared by the job summary, the PR comment and the annotations. */
import type { CheckResult } from '../../model/check-result.js';
import { modeOf, modeWords, type Mode } from '../../model/modes.js';
import { planChangeCount } from '../../model/plan-counts.js';
import type { DeploymentRecordFile } from '../../model/record.js';
import type { StackRecord } from '../../model/stack.js';
import type { DeploymentStatus, StackStatus } from '../../model/transitions.js';
import { code, count, plural } from './markdown.js';
import {
  AFTER_ROLLBACK_COUNTS,
  AFTER_ROLLBACK_LABELS,
  stackAfterRollback,
  type StackAfterRollback,
} from './rollback-view.js';

export const DEPLOYMENT_ICONS: Readonly<Record<DeploymentStatus, string>> = {
  pending: '⏸️',
  synthesizing: '⏳',
  deploying: '⏳',
  verifying: '⏳',
  completed: '✅',
  failed: '❌',
  rolled_back: '↩️',
};

const DEPLOYMENT_WORDS: Readonly<Record<DeploymentStatus, string>> = {
  pending: 'pending',
  synthesizing: 'synthesizing',
  deploying: 'deploying',
  verifying: 'verifying',
  completed: 'completed',
  failed: 'failed',
  rolled_back: 'rolled back',
};

export const STACK_ICONS: Readonly<Record<StackStatus, string>> = {
  pending: '⏸️',
  synthesizing: '⏳',
  deploying: '⏳',
  deployed: '✅',
  failed: '❌',
};

export function deploymentWord(status: DeploymentStatus): string {
  return DEPLOYMENT_WORDS[status];
}

/** `✅ completed`, `↩️ rolled back`, `⏳ deploying`. */
export function deploymentStatusLabel(status: DeploymentStatus): string {
  return `${DEPLOYMENT_ICONS[status]} ${DEPLOYMENT_WORDS[status]}`;
}

/**
 * How a stack that needed nothing is shown: a deployment's is deployed all the same (it is live);
 * a plan's has no changes; a destroy's was already gone.
 */
const NO_OP_LABELS: Readonly<Record<Mode, string | null>> = {
  deploy: null,
  plan: '➖ no changes',
  destroy: '➖ already gone',
};

/**
 * The stack's state after the run. Once a rollback decided it: `🗑️ deleted by the rollback`,
 * `↩️ restored to the previous template`, `↩️ rolled back by CloudFormation`, `⚠️ rollback failed`.
 * Otherwise in the words of the run's mode: `✅ deployed`, `⏳ deploying`; `✅ planned`,
 * `➖ no changes`, `⏸️ cannot be planned`; `✅ destroyed`, `➖ already gone`.
 */
export function stackStatusLabel(stack: StackRecord, mode: string = 'deploy'): string {
  const after = stackAfterRollback(stack);
  if (after) return AFTER_ROLLBACK_LABELS[after];
  const words = modeWords(mode);
  if (stack.status === 'deploying') {
    return `${STACK_ICONS.deploying} ${words.running.toLowerCase()}`;
  }
  if (stack.status !== 'deployed') return `${STACK_ICONS[stack.status]} ${stack.status}`;
  if (stack.plan?.outcome === 'blocked') return '⏸️ cannot be planned';
  const noOp = NO_OP_LABELS[modeOf(mode)];
  return stack.no_op && noOp ? noOp : `${STACK_ICONS.deployed} ${words.stackDone}`;
}

/** A stack that was planned with at least one change. */
export function hasPlannedChanges(stack: StackRecord): boolean {
  return (
    stack.status === 'deployed' &&
    stack.plan !== null &&
    stack.plan !== undefined &&
    stack.plan.outcome === 'changes' &&
    planChangeCount(stack.plan) > 0
  );
}

/** The run is over: the record has its end time, or its status cannot change any more. */
export function isFinal(record: DeploymentRecordFile): boolean {
  const { status, end_time } = record.deployment;
  return end_time !== null || status === 'completed' || status === 'rolled_back';
}

/** The stacks in deployment order (`stacks_order`), then any others in record order. */
export function orderedStacks(record: DeploymentRecordFile): StackRecord[] {
  const position = new Map(record.deployment.stacks_order.map((name, i) => [name, i]));
  return record.stacks
    .map((stack, i) => ({ stack, key: position.get(stack.name) ?? position.size + i }))
    .sort((a, b) => a.key - b.key)
    .map((entry) => entry.stack);
}

export type CheckOutcome = 'failed' | 'skipped' | 'passed';

export function checkOutcome(check: CheckResult): CheckOutcome {
  if (check.skipped) return 'skipped';
  return check.passed ? 'passed' : 'failed';
}

export const CHECK_LABELS: Readonly<Record<CheckOutcome, string>> = {
  failed: '❌ failed',
  skipped: '⚠️ skipped',
  passed: '✅ passed',
};

export interface CheckCounts {
  readonly failed: number;
  readonly skipped: number;
  readonly passed: number;
}

export function countChecks(checks: readonly CheckResult[]): CheckCounts {
  const counts = { failed: 0, skipped: 0, passed: 0 };
  for (const check of checks) counts[checkOutcome(check)] += 1;
  return counts;
}

/** Failed first, then skipped, then passed; the record's order within each. */
export function checksByImportance(checks: readonly CheckResult[]): CheckResult[] {
  const rank: Record<CheckOutcome, number> = { failed: 0, skipped: 1, passed: 2 };
  return checks
    .map((check, i) => ({ check, i }))
    .sort((a, b) => rank[checkOutcome(a.check)] - rank[checkOutcome(b.check)] || a.i - b.i)
    .map((entry) => entry.check);
}

/** Changes of a stack: the change set's count (the plan's, in plan mode), `—` when it never got to deploy. */
export function stackChanges(stack: StackRecord): string {
  if (stack.no_op) return '0';
  if (stack.plan && stack.plan.outcome === 'changes') return String(planChangeCount(stack.plan));
  if (stack.change_set_arn === null && stack.changes === 0 && stack.start_time === null) return '—';
  return String(stack.changes);
}

/** The last moment the record knows of: its end, or its latest status change or log entry. */
export function lastUpdate(record: DeploymentRecordFile): string {
  const { deployment } = record;
  if (deployment.end_time) return deployment.end_time;
  let latest = deployment.start_time;
  const consider = (at: string | null | undefined): void => {
    if (at && Date.parse(at) > Date.parse(latest)) latest = at;
  };
  for (const change of deployment.status_history) consider(change.at);
  const lastLog = deployment.logs[deployment.logs.length - 1];
  consider(lastLog?.timestamp);
  return latest;
}

export interface StackCounts {
  readonly total: number;
  readonly deployed: number;
  readonly failed: number;
  readonly noOp: number;
  readonly changed: number;
}

export function countStacks(stacks: readonly StackRecord[]): StackCounts {
  let deployed = 0;
  let failed = 0;
  let noOp = 0;
  let changed = 0;
  for (const stack of stacks) {
    if (stack.status === 'deployed') {
      deployed += 1;
      if (stack.no_op) noOp += 1;
    }
    if (stack.status === 'failed') failed += 1;
    if (!stack.no_op && stack.changes > 0) changed += 1;
  }
  return { total: stacks.length, deployed, failed, noOp, changed };
}

/**
 * `3 stacks: 2 deployed (1 without changes), 1 failed`; in the words of the run's mode. Counted by
 * each stack's state after the run: `3 stacks: 2 deleted by the rollback, 1 restored`.
 */
export function stackCountsText(record: DeploymentRecordFile): string {
  const words = modeWords(record.deployment.mode);
  const afterRollback = new Map<StackAfterRollback, number>();
  const untouched: StackRecord[] = [];
  for (const stack of record.stacks) {
    const after = stackAfterRollback(stack);
    if (after) afterRollback.set(after, (afterRollback.get(after) ?? 0) + 1);
    else untouched.push(stack);
  }
  const rollbackParts = (Object.keys(AFTER_ROLLBACK_COUNTS) as StackAfterRollback[])
    .filter((state) => afterRollback.has(state))
    .map((state) => `${count(afterRollback.get(state) ?? 0)} ${AFTER_ROLLBACK_COUNTS[state]}`);
  const counts = countStacks(untouched);
  const parts: string[] = [];
  if (words.isDeployment) {
    if (counts.deployed > 0 || rollbackParts.length === 0) {
      parts.push(
        `${count(counts.deployed)} ${words.stackDone}${counts.noOp > 0 ? ` (${count(counts.noOp)} ${words.stackNoOp})` : ''}`,
      );
    }
  } else {
    // A plan counts what it found, not what it did.
    const blocked = untouched.filter(
      (s) => s.status === 'deployed' && s.plan?.outcome === 'blocked',
    ).length;
    const withChanges = untouched.filter(hasPlannedChanges).length;
    const without = counts.deployed - blocked - withChanges;
    parts.push(`${count(withChanges)} with changes`);
    if (without > 0) parts.push(`${count(without)} without changes`);
    if (blocked > 0) parts.push(`${count(blocked)} cannot be planned yet`);
  }
  parts.push(...rollbackParts);
  if (counts.failed > 0) parts.push(`${count(counts.failed)} failed`);
  const rest = counts.total - counts.deployed - counts.failed;
  if (rest > 0) {
    const notDone = isFinal(record) ? words.notDone.toLowerCase() : 'pending or in progress';
    parts.push(`${count(rest)} ${notDone}`);
  }
  const total = record.stacks.length;
  return `${count(total)} ${total === 1 ? 'stack' : 'stacks'}: ${parts.join(', ')}`;
}

/** Destructive changes over every planned stack. */
export function destructiveChangeCount(record: DeploymentRecordFile): number {
  return record.stacks.reduce((n, s) => n + (s.plan?.destructive_changes.length ?? 0), 0);
}

/**
 * `✅ Deployment to `staging` completed`, or `⏳ Deployment to `staging`: deploying…` while it runs;
 * `✅ Plan for `staging`: 2 stacks with changes, 1 destructive change`; `✅ Destroy of `staging` completed`.
 */
export function headline(record: DeploymentRecordFile): string {
  const { status, environment, mode } = record.deployment;
  const words = modeWords(mode);
  const icon = DEPLOYMENT_ICONS[status];
  const where = `${words.noun} ${words.preposition} ${code(environment)}`;
  const word = status === 'deploying' ? words.running.toLowerCase() : DEPLOYMENT_WORDS[status];
  if (!isFinal(record)) return `${icon} ${where}: ${word}…`;
  if (words.isDeployment) return `${icon} ${where} ${word}`;
  const withChanges = record.stacks.filter(hasPlannedChanges).length;
  const summary = `${plural(withChanges, 'stack')} with changes, ${plural(destructiveChangeCount(record), 'destructive change')}`;
  return status === 'completed'
    ? `${icon} ${where}: ${summary}`
    : `${icon} ${where} ${word}: ${summary}`;
}

export function stacksWithRollback(record: DeploymentRecordFile): StackRecord[] {
  return orderedStacks(record).filter((stack) => stack.rollback !== null);
}

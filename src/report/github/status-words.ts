/**
 * What GitHub is told of a run's state, in the words of its mode: the deployment's state and the
 * commit status's state, and the short description both carry.
 *
 * | record status                      | deployment state                 | commit status (plan) |
 * | ---------------------------------- | -------------------------------- | -------------------- |
 * | pending                            | `queued`                         | `pending`            |
 * | synthesizing, deploying, verifying | `in_progress`                    | `pending`            |
 * | completed                          | `success`; a destroy `inactive`  | `success`            |
 * | failed, rolled_back                | `failure`                        | `failure`            |
 *
 * A completed destroy is `inactive`: the environment no longer exists, and GitHub should stop
 * showing it as live. A rolled-back deployment is `failure`, not `inactive`: the attempt did fail,
 * and the PR and the environment page should say so, while the previous successful deployment,
 * which the rollback put back, rightly stays the environment's active one.
 */
import { modeOf, modeWords, type Mode } from '../../model/modes.js';
import { planChangeCount } from '../../model/plan-counts.js';
import type { DeploymentRecordFile } from '../../model/record.js';
import type { DeploymentStatus } from '../../model/transitions.js';

export type GitHubDeploymentState =
  'error' | 'failure' | 'inactive' | 'in_progress' | 'queued' | 'pending' | 'success';

export type CommitStatusState = 'error' | 'failure' | 'pending' | 'success';

const STATES: Readonly<Record<DeploymentStatus, GitHubDeploymentState>> = {
  pending: 'queued',
  synthesizing: 'in_progress',
  deploying: 'in_progress',
  verifying: 'in_progress',
  completed: 'success',
  failed: 'failure',
  rolled_back: 'failure',
};

/** What a completed run leaves live: a deployment its environment, a destroy nothing. */
const COMPLETED: Readonly<Record<Mode, GitHubDeploymentState>> = {
  deploy: 'success',
  plan: 'success',
  destroy: 'inactive',
};

export function gitHubDeploymentState(
  status: DeploymentStatus,
  mode: string = 'deploy',
): GitHubDeploymentState {
  return status === 'completed' ? COMPLETED[modeOf(mode)] : STATES[status];
}

export function commitStatusState(status: DeploymentStatus): CommitStatusState {
  if (status === 'completed') return 'success';
  return status === 'failed' || status === 'rolled_back' ? 'failure' : 'pending';
}

/** GitHub refuses a status description over 140 characters. */
const MAX_DESCRIPTION = 140;

export function clip(value: string): string {
  const flat = value.replace(/\s+/g, ' ').trim();
  return flat.length <= MAX_DESCRIPTION ? flat : `${flat.slice(0, MAX_DESCRIPTION - 1)}…`;
}

const plural = (n: number, one: string, many = `${one}s`): string =>
  `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

const capitalized = (word: string): string => word.charAt(0).toUpperCase() + word.slice(1);

/** `Deployed 2 stacks (1 without changes)`, `Destroyed 1 stack (1 already gone)`. */
function doneText(record: DeploymentRecordFile): string {
  const words = modeWords(record.deployment.mode);
  const noOp = record.stacks.filter((s) => s.no_op).length;
  const stacks = plural(record.stacks.length, 'stack');
  return `${capitalized(words.stackDone)} ${stacks}${noOp > 0 ? ` (${noOp} ${words.stackNoOp})` : ''}`;
}

/** `3 stacks planned: 2 with changes (7 resource changes), 1 destructive change`. */
export function planDoneText(record: DeploymentRecordFile): string {
  const words = modeWords(record.deployment.mode);
  const plans = record.stacks.flatMap((s) =>
    s.plan && s.plan.outcome === 'changes' && planChangeCount(s.plan) > 0 ? [s.plan] : [],
  );
  const changes = plans.reduce((n, plan) => n + planChangeCount(plan), 0);
  const destructive = plans.reduce((n, plan) => n + plan.destructive_changes.length, 0);
  const blocked = record.stacks.filter((s) => s.plan?.outcome === 'blocked').length;
  return [
    `${plural(record.stacks.length, 'stack')} ${words.stackDone}: ${plans.length} with changes` +
      (changes > 0 ? ` (${plural(changes, 'resource change')})` : ''),
    ...(destructive > 0 ? [plural(destructive, 'destructive change')] : []),
    ...(blocked > 0 ? [`${blocked} cannot be planned yet`] : []),
  ].join(', ');
}

/**
 * The description of the record's state, within GitHub's 140 characters: `Deploying 2 stacks`,
 * `Deployed 2 stacks (1 without changes)`, `Failed: <reason>`; `done` says what a completed run
 * did, when the mode's own words are not enough (a plan's counts).
 */
export function statusDescription(
  record: DeploymentRecordFile,
  done: (record: DeploymentRecordFile) => string = doneText,
): string {
  const { deployment, stacks } = record;
  const words = modeWords(deployment.mode);
  const stackWord = plural(stacks.length, 'stack');
  const reason = deployment.rollback_reason ? `: ${deployment.rollback_reason}` : '';
  switch (deployment.status) {
    case 'pending':
      return 'Waiting to start';
    case 'synthesizing':
      return 'Synthesizing the CDK app';
    case 'deploying':
      return `${words.running} ${stackWord}`;
    case 'verifying':
      return `Verifying ${stackWord}`;
    case 'completed':
      return clip(done(record));
    case 'failed':
      return clip(
        deployment.rollback?.outcome === 'incomplete'
          ? `Failed, rollback incomplete${reason}`
          : `Failed${reason}`,
      );
    case 'rolled_back':
      return clip(`Rolled back${reason}`);
  }
}

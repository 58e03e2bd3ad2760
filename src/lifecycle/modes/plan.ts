import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { selectStacks } from '../../assembly/select-stacks.js';
import { describeDestructive } from '../../cloudformation/classify-changes.js';
import { templateOnlyAssetManifest } from '../../cloudformation/template-asset.js';
import { MODE_WORDS } from '../../model/modes.js';
import { planChangeCount, planCounts } from '../../model/plan-counts.js';
import type { PlannedChange, StackPlan } from '../../model/stack.js';
import type { StackWork } from '../deployment-run.js';
import { neverRollsBack, PLAN_ROLLBACK } from '../failed-run-rollback.js';
import type { RunMode, RunScope } from '../mode.js';
import { planGates } from '../release-gates.js';
import { stackLog } from '../stack-log.js';
import { checkBootstrap } from './check-bootstrap.js';
import { emptyPlan, stackPlan } from './plan-record.js';
import { checkApproval } from '../review-checks.js';
import { recordPlanDigest, reviewPlanned } from '../review-run.js';

/*
 * mode: plan maps onto the seed's states as follows; nothing is ever executed.
 *
 * Deployment: pending -> synthesizing (synth, selection and template checks, exactly as deploy)
 *   -> deploying (each stack's change set created, described and deleted, in dependency order)
 *   -> verifying (the destructive changes checked against fail-on-destructive-changes)
 *   -> completed; or failed when a stack could not be planned, or destructive changes were found
 *   and the run was asked to fail on them. Never rolled_back: nothing was deployed, and a failed
 *   plan's `rollback` says so ('not-needed').
 * Stack: pending -> synthesizing -> deploying (its change set is being made) -> deployed, read
 *   "planned": the stack's `plan` says what deploying would do and `no_op` whether that is
 *   nothing; or failed (it could not be planned; its dependants are then not planned either).
 *   A stack that cannot be planned until a dependency is deployed (its change set needs an export
 *   that dependency will create) is planned too: `plan.outcome` 'blocked', `plan.blocked_by`.
 *   `stack_arn` and `cloudformation_status` are the stack as it is (null when it does not exist),
 *   `change_set_arn` the plan's change set (deleted), `changes` how many resource changes, no
 *   outputs and no resources: nothing was deployed.
 */

function logPlan(scope: RunScope, work: StackWork, plan: StackPlan): void {
  const log = stackLog(scope.run, work.stack);
  const line = (sign: string, change: PlannedChange, note = ''): void =>
    log('info', `${sign} ${change.logical_id} (${change.resource_type})${note}`, change.logical_id);
  plan.additions.forEach((c) => line('+', c));
  plan.modifications.forEach((c) => line('~', c));
  plan.replacements.forEach((c) =>
    line('±', c, c.replacement === 'Conditional' ? ' may be replaced' : ' replaced'),
  );
  plan.removals.forEach((c) => line('-', c, ' removed'));
  for (const change of plan.destructive_changes) {
    log(
      'warning',
      `Destructive: ${describeDestructive(work.stack.name, change)}`,
      change.logical_id,
    );
  }
  log(plan.outcome === 'blocked' ? 'warning' : 'info', plan.message);
}

/** Uploads a template too large to send inline, as deploying would. */
async function publishTemplate(work: StackWork, scope: RunScope): Promise<void> {
  const manifest = templateOnlyAssetManifest(work.artifact);
  if (!manifest) return; // templateLocation then explains why a large template cannot be sent
  const log = stackLog(scope.run, work.stack);
  try {
    await scope.context.assets.publish(work.artifact.stackName, [manifest], (level, m) =>
      log(level, m),
    );
  } finally {
    rmSync(dirname(manifest), { recursive: true, force: true });
  }
}

async function planOne(work: StackWork, scope: RunScope): Promise<void> {
  const { stack, artifact } = work;
  const { context } = scope;
  await checkBootstrap(work, scope);
  const planned = await context.engine.plan({
    artifact,
    log: stackLog(scope.run, stack),
    beforeChange: scope.beforeChange,
    parameters: context.parameters,
    publishTemplate: () => publishTemplate(work, scope),
    gates: planGates(scope.settings),
  });
  const plan = stackPlan(planned, work, scope.work);
  stack.plan = plan;
  await reviewPlanned(work, planned, scope);
  stack.stackArn = planned.existing?.stackId ?? null;
  stack.cloudformationStatus = planned.existing?.status ?? null;
  stack.changeSetArn = planned.changeSetArn;
  stack.changes = planChangeCount(plan);
  stack.noOp = plan.outcome === 'no-changes';
  logPlan(scope, work, plan);
}

/** Verifying: one check per planned stack; the destructive changes, as lines naming stack and resource. */
function checkDestructiveChanges(scope: RunScope): string[] {
  const { run, settings } = scope;
  const found: string[] = [];
  for (const stack of run.stacks) {
    const plan = stack.plan;
    if (!plan || stack.status !== 'deployed') continue;
    const lines = plan.destructive_changes.map((c) => describeDestructive(stack.name, c));
    found.push(...lines);
    const allowed = lines.length > 0 && !settings.failOnDestructiveChanges;
    run.deployment.recordCheck({
      check: 'destructive-changes',
      stack: stack.name,
      passed: lines.length === 0 || allowed,
      message:
        lines.length === 0
          ? 'no stateful resource is replaced or removed'
          : `${lines.length} destructive change(s)${allowed ? ' (allowed: fail-on-destructive-changes is false)' : ''}: ${lines.join('; ')}`,
    });
  }
  if (found.length === 0 || !settings.failOnDestructiveChanges) return [];
  return [
    `The plan has ${found.length} destructive change(s) and fail-on-destructive-changes is true:\n${found.join('\n')}`,
  ];
}

function summaryLine(stack: RunScope['run']['stacks'][number]): string {
  const plan = stack.plan;
  if (stack.status === 'failed') return `could not be planned: ${stack.errorMessage ?? ''}`;
  if (!plan) return 'not planned';
  if (plan.outcome === 'no-changes') return 'no changes';
  if (plan.outcome === 'blocked') {
    return `blocked until ${plan.blocked_by.join(', ')} ${plan.blocked_by.length === 1 ? 'is' : 'are'} deployed`;
  }
  const destructive = plan.destructive_changes.length;
  return `${planCounts(plan)}${destructive > 0 ? `, ${destructive} destructive` : ''}`;
}

/**
 * mode: plan. Synthesizes as deploy does, then creates, describes and deletes a change set per
 * stack (in dependency order, independent stacks in parallel up to `concurrency`) and records what
 * deploying would change, flagging destructive changes. Nothing is deployed. See the state mapping
 * at the top of this file.
 */
export function planMode(): RunMode {
  return {
    words: MODE_WORDS.plan,
    selection: {
      select: selectStacks,
      validateTemplates: true,
      checkTemplates: true,
      reversed: false,
    },
    verifyPhase: 'Checking destructive changes',
    prepare: async (scope) => {
      recordPlanDigest(scope);
    },
    step: planOne,
    notAttempted: (dependency) =>
      `Not planned: it depends on ${dependency}, which could not be planned`,
    stackFailed: ({ stack }, message) => {
      stack.plan = emptyPlan('failed', 'none', message);
    },
    verify: (scope) =>
      Promise.resolve([...checkDestructiveChanges(scope), ...checkApproval(scope)]),
    finally: ({ run }) => {
      for (const stack of run.stacks) {
        run.deployment.log('info', `Plan of ${stack.name}: ${summaryLine(stack)}`, {
          stack: stack.name,
        });
      }
    },
    ...neverRollsBack(PLAN_ROLLBACK),
  };
}

import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import type { StackArtifact } from '../assembly/stack-artifact.js';
import { planStack, type PlannedStack } from '../cloudformation/plan-stack.js';
import { stackTarget } from '../cloudformation/stack-target.js';
import { templateOnlyAssetManifest } from '../cloudformation/template-asset.js';
import { Deployment } from '../model/deployment.js';
import type { PlannedChange, Stack, StackPlan } from '../model/stack.js';
import {
  classifyChanges,
  describeDestructive,
  templateAdditions,
} from '../cloudformation/classify-changes.js';
import { schedule, type WorkOutcome } from '../plan/scheduler.js';
import type { Settings } from '../settings/settings.js';
import type { DeployContext } from './deploy-context.js';
import { DeploymentError } from '../errors.js';
import { newRun, type DeploymentRun } from './deployment-run.js';
import { failUnfinished, phaseRunner } from './mode-steps.js';
import { synthesizeStacks, type ContextFactory, type LifecycleHooks } from './run-deployment.js';
import type { StackWork } from './stack-deployer.js';

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

export interface PlanOptions {
  /** Fail the run when a plan replaces or removes a stateful resource (input fail-on-destructive-changes). */
  readonly failOnDestructiveChanges: boolean;
}

function emptyPlan(
  outcome: StackPlan['outcome'],
  source: StackPlan['source'],
  message: string,
): StackPlan {
  return {
    outcome,
    source,
    change_set_type: null,
    additions: [],
    modifications: [],
    replacements: [],
    removals: [],
    destructive_changes: [],
    blocked_by: [],
    message,
  };
}

function changeCount(plan: StackPlan): number {
  return (
    plan.additions.length +
    plan.modifications.length +
    plan.replacements.length +
    plan.removals.length
  );
}

/** `2 to add, 1 to modify, 0 to replace, 0 to remove`. */
export function planCounts(plan: StackPlan): string {
  return `${plan.additions.length} to add, ${plan.modifications.length} to modify, ${plan.replacements.length} to replace, ${plan.removals.length} to remove`;
}

function exportNames(artifact: StackArtifact): unknown[] {
  return Object.values(artifact.template.Outputs ?? {}).map(
    (output) => (output.Export as { Name?: unknown } | undefined)?.Name,
  );
}

/** Who exports `name`, among the stacks of this run (literal export names only). */
function exporterOf(name: string, work: readonly StackWork[]): StackWork | undefined {
  return work.find(({ artifact }) => exportNames(artifact).includes(name));
}

function willChange(stack: Stack | undefined): boolean {
  const outcome = stack?.plan?.outcome;
  return outcome === 'changes' || outcome === 'blocked';
}

/**
 * The stacks of this run whose deployment would create the export a change set is missing: the
 * stack that exports it by that literal name, when it has changes or is blocked itself; otherwise
 * the dependencies with changes whose export names are computed (Fn::Sub, Fn::Join), which may be
 * it. Empty: the export comes from nowhere in this run, a real failure.
 */
function blockingStacks(
  missingExport: string | null,
  work: StackWork,
  all: readonly StackWork[],
): string[] {
  const exporter = missingExport !== null ? exporterOf(missingExport, all) : undefined;
  if (exporter) return willChange(exporter.stack) ? [exporter.stack.name] : [];
  const byName = new Map(all.map((w) => [w.stack.name, w]));
  return work.stack.identity.dependencies.filter((name) => {
    const dependency = byName.get(name);
    return (
      dependency !== undefined &&
      willChange(dependency.stack) &&
      exportNames(dependency.artifact).some((n) => n !== undefined && typeof n !== 'string')
    );
  });
}

function stackPlan(planned: PlannedStack, work: StackWork, all: readonly StackWork[]): StackPlan {
  const { artifact } = work;
  const isNew = !planned.existing || planned.existing.StackStatus === 'REVIEW_IN_PROGRESS';
  const templates = { deployed: planned.deployedTemplate, proposed: artifact.template };
  switch (planned.outcome) {
    case 'unchanged':
      return emptyPlan(
        'no-changes',
        'unchanged',
        'No changes: template, parameters, tags and settings are as deployed',
      );
    case 'empty':
      return {
        ...emptyPlan('no-changes', 'change-set', 'No changes: the change set was empty'),
        change_set_type: planned.changeSetType,
      };
    case 'recreate': {
      const classified = classifyChanges(templateAdditions(artifact.template), templates);
      return {
        ...emptyPlan(
          'changes',
          'template',
          `Stack is ${planned.existing?.StackStatus ?? ''} from a failed create: deploying deletes it and creates it again`,
        ),
        additions: classified.additions,
      };
    }
    case 'changes': {
      const classified = classifyChanges(planned.changes, templates);
      const plan: StackPlan = {
        ...emptyPlan('changes', 'change-set', ''),
        change_set_type: planned.changeSetType,
        additions: classified.additions,
        modifications: classified.modifications,
        replacements: classified.replacements,
        removals: classified.removals,
        destructive_changes: classified.destructive,
      };
      return { ...plan, message: `Plan: ${planCounts(plan)}` };
    }
    case 'missing-export': {
      const blockers = blockingStacks(planned.missingExport, work, all);
      if (blockers.length === 0) {
        throw new DeploymentError(
          `Stack ${artifact.stackName}: change set failed: ${planned.reason}`,
          { stack: artifact.stackName },
        );
      }
      const additions = isNew
        ? classifyChanges(templateAdditions(artifact.template), templates).additions
        : [];
      const what = isNew
        ? `every resource of its template would be added`
        : 'its changes are not known';
      const message = `Cannot be planned until ${blockers.join(', ')} ${blockers.length === 1 ? 'is' : 'are'} deployed (${planned.reason.trim()}); ${what}`;
      return {
        ...emptyPlan('blocked', isNew ? 'template' : 'none', message),
        change_set_type: planned.changeSetType,
        additions,
        blocked_by: blockers,
      };
    }
  }
}

function logPlan(deployment: Deployment, stack: Stack, plan: StackPlan): void {
  const log = (level: 'info' | 'warning', message: string, resource?: string) =>
    deployment.log(level, message, { stack: stack.name, resource });
  const line = (sign: string, change: PlannedChange, note = ''): void =>
    log('info', `${sign} ${change.logical_id} (${change.resource_type})${note}`, change.logical_id);
  plan.additions.forEach((c) => line('+', c));
  plan.modifications.forEach((c) => line('~', c));
  plan.replacements.forEach((c) =>
    line('±', c, c.replacement === 'Conditional' ? ' may be replaced' : ' replaced'),
  );
  plan.removals.forEach((c) => line('-', c, ' removed'));
  for (const change of plan.destructive_changes) {
    log('warning', `Destructive: ${describeDestructive(stack.name, change)}`, change.logical_id);
  }
  log(plan.outcome === 'blocked' ? 'warning' : 'info', plan.message);
}

async function publishTemplate(
  artifact: StackArtifact,
  context: DeployContext,
  log: (level: 'info' | 'debug' | 'error', message: string) => void,
): Promise<void> {
  const manifest = templateOnlyAssetManifest(artifact);
  if (!manifest) return; // templateLocation then explains why a large template cannot be sent
  try {
    await context.assets.publish(artifact.stackName, [manifest], log);
  } finally {
    rmSync(dirname(manifest), { recursive: true, force: true });
  }
}

/** Plans one stack of the run and records it. Failures are recorded on the stack, never thrown. */
async function planRecordedStack(
  work: StackWork,
  all: readonly StackWork[],
  deployment: Deployment,
  context: DeployContext,
): Promise<WorkOutcome> {
  const { stack, artifact } = work;
  const log = (level: 'info' | 'warning' | 'error' | 'debug', message: string, resource?: string) =>
    deployment.log(level, message, { stack: stack.name, resource });
  stack.transition('deploying');
  try {
    const target = await stackTarget(artifact, context.environments, (m) => log('warning', m));
    try {
      await context.bootstrap.check(artifact, target.env, target.settings);
      const planned = await planStack({
        artifact,
        target,
        parameters: context.parameters,
        changeSetName: `cdk-deploy-action-plan-${context.deploymentId.slice(0, 8)}`,
        sleep: context.sleep,
        log,
        publishTemplate: () => publishTemplate(artifact, context, log),
      });
      const plan = stackPlan(planned, work, all);
      stack.plan = plan;
      stack.stackArn = planned.existing?.StackId ?? null;
      stack.cloudformationStatus = planned.existing?.StackStatus ?? null;
      stack.changeSetArn = planned.changeSetArn;
      stack.changes = changeCount(plan);
      stack.noOp = plan.outcome === 'no-changes';
      logPlan(deployment, stack, plan);
    } finally {
      target.client.destroy();
    }
    stack.transition('deployed');
    return 'succeeded';
  } catch (error) {
    const message = (error as Error).message;
    stack.plan = emptyPlan('failed', 'none', message);
    stack.fail(message);
    log('error', message);
    return 'failed';
  }
}

async function planStacks(
  run: DeploymentRun,
  work: readonly StackWork[],
  settings: Settings,
  context: DeployContext,
): Promise<string[]> {
  const { deployment } = run;
  const byId = new Map(work.map((w) => [w.artifact.id, w]));
  const result = await schedule(
    work.map((w) => ({ id: w.artifact.id, dependencies: w.artifact.dependencies })),
    settings.concurrency,
    {
      run: (id) => planRecordedStack(byId.get(id) as StackWork, work, deployment, context),
      skip: (id, failed) => {
        const { stack } = byId.get(id) as StackWork;
        const message = `Not planned: it depends on ${byId.get(failed)?.stack.name ?? failed}, which could not be planned`;
        stack.plan = emptyPlan('failed', 'none', message);
        stack.fail(message);
        deployment.log('warning', message, { stack: stack.name });
      },
    },
  );
  return result.failed.map((id) => {
    const { stack } = byId.get(id) as StackWork;
    return stack.errorMessage ?? `Stack ${stack.name} could not be planned`;
  });
}

/** Verifying: one check per planned stack; the destructive changes, as lines naming stack and resource. */
function checkDestructiveChanges(run: DeploymentRun, options: PlanOptions): string[] {
  const found: string[] = [];
  for (const stack of run.stacks) {
    const plan = stack.plan;
    if (!plan || stack.status !== 'deployed') continue;
    const lines = plan.destructive_changes.map((c) => describeDestructive(stack.name, c));
    found.push(...lines);
    const allowed = lines.length > 0 && !options.failOnDestructiveChanges;
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
  return found;
}

function logSummary(run: DeploymentRun): void {
  for (const stack of run.stacks) {
    const plan = stack.plan;
    const text =
      stack.status === 'failed'
        ? `could not be planned: ${stack.errorMessage ?? ''}`
        : plan?.outcome === 'no-changes'
          ? 'no changes'
          : plan?.outcome === 'blocked'
            ? `blocked until ${plan.blocked_by.join(', ')} ${plan.blocked_by.length === 1 ? 'is' : 'are'} deployed`
            : plan
              ? `${planCounts(plan)}${plan.destructive_changes.length > 0 ? `, ${plan.destructive_changes.length} destructive` : ''}`
              : 'not planned';
    run.deployment.log('info', `Plan of ${stack.name}: ${text}`, { stack: stack.name });
  }
}

/**
 * mode: plan. Synthesizes as deploy does, then creates, describes and deletes a change set per
 * stack (in dependency order, independent stacks in parallel up to `concurrency`) and records what
 * deploying would change, flagging destructive changes. Nothing is deployed. See the state mapping
 * at the top of this file.
 */
export async function runPlan(
  settings: Settings,
  makeContext: ContextFactory,
  hooks: LifecycleHooks,
  options: PlanOptions,
): Promise<DeploymentRun> {
  const inPhase = phaseRunner(hooks.phase);
  const progress = hooks.progress ?? (async () => undefined);
  const deployment = new Deployment(settings.environment, settings.mode, hooks.sink);
  const run = newRun(deployment);
  const context = makeContext(deployment.id);
  try {
    deployment.transition('synthesizing');
    const work = await inPhase('Synthesizing', () => synthesizeStacks(run, settings, context));
    deployment.transition('deploying');
    await progress(run);
    const failures = await inPhase(`Planning ${work.length} stack(s)`, () =>
      planStacks(run, work, settings, context),
    );
    if (failures.length > 0) {
      deployment.fail(failures.join('\n'));
    } else {
      deployment.transition('verifying');
      await progress(run);
      const destructive = await inPhase('Checking destructive changes', () =>
        Promise.resolve(checkDestructiveChanges(run, options)),
      );
      if (destructive.length > 0 && options.failOnDestructiveChanges) {
        deployment.fail(
          `The plan has ${destructive.length} destructive change(s) and fail-on-destructive-changes is true:\n${destructive.join('\n')}`,
        );
      } else {
        deployment.transition('completed');
      }
    }
  } catch (error) {
    const message = (error as Error).message;
    deployment.log('error', message);
    failUnfinished(run, 'Not planned', message);
    if (deployment.status !== 'failed') deployment.fail(message);
  }
  logSummary(run);
  if (deployment.status === 'failed') {
    deployment.setRollback({
      outcome: 'not-needed',
      message: 'plan mode: nothing was deployed, so nothing is rolled back',
    });
  }
  deployment.finish();
  return run;
}

import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { describeStack } from '../cloudformation/describe-stack.js';
import { destroyStack } from '../cloudformation/destroy-stack.js';
import { stackTarget } from '../cloudformation/stack-target.js';
import { Deployment } from '../model/deployment.js';
import { selectStacksToDestroy } from '../assembly/select-stacks.js';
import { reverseGraph } from '../plan/dependency-graph.js';
import { schedule, type WorkOutcome } from '../plan/scheduler.js';
import type { Settings } from '../settings/settings.js';
import type { DeployContext } from './deploy-context.js';
import { newRun, type DeploymentRun } from './deployment-run.js';
import { failUnfinished, phaseRunner } from './mode-steps.js';
import { synthesizeStacks, type ContextFactory, type LifecycleHooks } from './run-deployment.js';
import type { StackWork } from './stack-deployer.js';

/*
 * mode: destroy maps onto the seed's states as follows; nothing is ever rolled back.
 *
 * Deployment: pending -> synthesizing (synth, then the stacks the patterns match plus every stack
 *   that depends on them, as `cdk destroy` selects; templates are not validated: stacks are
 *   deleted by name) -> deploying (the stacks deleted, dependants before their dependencies,
 *   independent ones in parallel up to `concurrency`) -> verifying (each stack checked gone)
 *   -> completed, or failed. Never rolled_back: a deleted stack cannot be put back, so a failed
 *   destroy's `rollback` says 'disabled'. `stacks_order` is the deletion order (dependants first).
 * Stack: pending -> synthesizing -> deploying (its deletion is under way) -> deployed, read
 *   "destroyed": `cloudformation_status` DELETE_COMPLETE, or null with `no_op` true when there was
 *   no such stack (already gone); or failed (termination protection, a delete CloudFormation gave
 *   up on), and then the stacks it depends on are not deleted (failed, "Not deleted: ...").
 *   `previous_state` is the stack as found before it was deleted; no outputs, no resources.
 */

/** Deletes one stack of the run and records it. Failures are recorded on the stack, never thrown. */
async function destroyRecordedStack(
  work: StackWork,
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
      const destroyed = await destroyStack({
        artifact,
        target,
        sleep: context.sleep,
        log,
        stackTimeoutMs: context.stackTimeoutMs,
        busyStackTimeoutMs: context.busyStackTimeoutMs,
        onFound: (found) => {
          stack.previousState = {
            existed: found !== undefined,
            status: found?.StackStatus ?? null,
            captured_at: new Date().toISOString(),
          };
          stack.stackArn = found?.StackId ?? null;
        },
      });
      stack.stackArn = destroyed.stackId;
      stack.noOp = destroyed.outcome === 'already-gone';
      stack.cloudformationStatus = destroyed.outcome === 'deleted' ? 'DELETE_COMPLETE' : null;
    } finally {
      target.client.destroy();
    }
    stack.transition('deployed');
    log('info', stack.noOp ? 'Destroyed (it did not exist)' : 'Destroyed');
    return 'succeeded';
  } catch (error) {
    const message = (error as Error).message;
    stack.fail(message);
    log('error', message);
    return 'failed';
  }
}

async function destroyStacks(
  run: DeploymentRun,
  work: readonly StackWork[],
  settings: Settings,
  context: DeployContext,
): Promise<string[]> {
  const { deployment } = run;
  const byId = new Map(work.map((w) => [w.artifact.id, w]));
  const graph = reverseGraph(
    work.map((w) => ({ id: w.artifact.id, dependencies: w.artifact.dependencies })),
  );
  const result = await schedule(graph, settings.concurrency, {
    run: (id) => destroyRecordedStack(byId.get(id) as StackWork, deployment, context),
    skip: (id, failed) => {
      const { stack } = byId.get(id) as StackWork;
      stack.fail(
        `Not deleted: ${byId.get(failed)?.stack.name ?? failed}, which needs it, could not be deleted`,
      );
      deployment.log('warning', stack.errorMessage ?? '', { stack: stack.name });
    },
  });
  return result.failed.map((id) => {
    const { stack } = byId.get(id) as StackWork;
    return stack.errorMessage ?? `Stack ${stack.name} could not be deleted`;
  });
}

/** Verifying: every stack the run deleted is gone, checked in deletion order. Returns the failures. */
async function checkGone(
  run: DeploymentRun,
  work: readonly StackWork[],
  context: DeployContext,
): Promise<string[]> {
  const failures: string[] = [];
  for (const { stack, artifact } of [...work].reverse()) {
    if (stack.status !== 'deployed') continue;
    const env = await context.environments.resolve(artifact.environment);
    const client = new CloudFormationClient(context.environments.clientSettings(env, undefined));
    try {
      const found = await describeStack(client, stack.stackArn ?? artifact.stackName);
      const message = found
        ? `the stack is still there (${found.StackStatus ?? ''})`
        : stack.noOp
          ? 'the stack did not exist'
          : 'the stack is deleted';
      run.deployment.recordCheck({
        check: 'stack-deleted',
        stack: stack.name,
        passed: !found,
        message,
      });
      if (found) failures.push(`Check stack-deleted failed for stack ${stack.name}: ${message}`);
    } finally {
      client.destroy();
    }
  }
  return failures;
}

/**
 * mode: destroy. Deletes the selected stacks (and the stacks that depend on them) in reverse
 * dependency order, waiting for each and streaming its events. A stack that does not exist is
 * already gone; termination protection is a failure naming the stack. See the state mapping at
 * the top of this file.
 */
export async function runDestroy(
  settings: Settings,
  makeContext: ContextFactory,
  hooks: LifecycleHooks,
): Promise<DeploymentRun> {
  const inPhase = phaseRunner(hooks.phase);
  const progress = hooks.progress ?? (async () => undefined);
  const deployment = new Deployment(settings.environment, settings.mode, hooks.sink);
  const run = newRun(deployment);
  const context = makeContext(deployment.id);
  try {
    deployment.transition('synthesizing');
    const work = await inPhase('Synthesizing', () =>
      synthesizeStacks(run, settings, context, {
        select: selectStacksToDestroy,
        validateTemplates: false,
      }),
    );
    const order = [...work].reverse();
    run.stacks.reverse(); // the record lists the stacks in deletion order, as stacks_order does
    deployment.setStacksOrder(order.map((w) => w.stack.name));
    deployment.log(
      'info',
      `Destroying ${order.length} stack(s), in order ${order.map((w) => w.stack.name).join(', ')}`,
    );
    deployment.transition('deploying');
    await progress(run);
    const failures = await inPhase(`Destroying ${work.length} stack(s)`, () =>
      destroyStacks(run, work, settings, context),
    );
    if (failures.length > 0) {
      deployment.fail(failures.join('\n'));
    } else {
      deployment.transition('verifying');
      await progress(run);
      const missed = await inPhase('Verifying', () => checkGone(run, work, context));
      if (missed.length > 0) deployment.fail(missed.join('\n'));
      else deployment.transition('completed');
    }
  } catch (error) {
    const message = (error as Error).message;
    deployment.log('error', message);
    failUnfinished(run, 'Not deleted', message);
    if (deployment.status !== 'failed') deployment.fail(message);
  }
  if (deployment.status === 'failed') {
    deployment.setRollback({
      outcome: 'disabled',
      message: 'destroy mode does not roll back: the stacks deleted stay deleted',
    });
  }
  deployment.finish();
  return run;
}

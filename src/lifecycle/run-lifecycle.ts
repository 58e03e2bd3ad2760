import { messageOf } from '../errors.js';
import { Deployment } from '../model/deployment.js';
import type { Settings } from '../settings/settings.js';
import type { ContextFactory } from './deploy-context.js';
import { failUnfinished, newRun, type DeploymentRun } from './deployment-run.js';
import type { LifecycleHooks, RunMode, RunScope } from './mode.js';
import { modeFor } from './modes/index.js';
import { phaseRunner } from './phases.js';
import { loadRunChecks } from './run-checks.js';
import { runStacks } from './run-stacks.js';
import { synthesizeStacks } from './synthesize-stacks.js';
import { checkTemplatesBeforeDeploying } from './template-checks.js';

/** Synthesizing: the stacks chosen and checked as the mode wants; returns the scope with them. */
async function synthesizing(mode: RunMode, scope: RunScope): Promise<RunScope> {
  const { run, settings, context } = scope;
  const checks = mode.selection.checkTemplates
    ? await loadRunChecks(settings)
    : { contract: null, requiredTags: [] };
  const env = scope.hooks.env ?? process.env;
  const work = await synthesizeStacks(run, settings, context, mode.selection, env);
  if (mode.selection.checkTemplates) {
    checkTemplatesBeforeDeploying(run, work, checks.contract, checks.requiredTags);
  }
  return { ...scope, ...checks, work };
}

/** The phases every mode goes through: synthesizing, the stacks, verifying. Throws on a failure. */
async function runPhases(mode: RunMode, start: RunScope): Promise<RunScope> {
  const { run, hooks } = start;
  const { deployment } = run;
  const report = (): void => hooks.progress?.(run);
  deployment.transition('synthesizing');
  hooks.checkpoint?.(run);
  const scope = await start.inPhase('Synthesizing', () => synthesizing(mode, start));
  await mode.prepare?.(scope);
  hooks.cancellation?.throwIfRequested();
  deployment.transition('deploying');
  report();
  hooks.checkpoint?.(run);
  mode.beforeStacks?.(scope);
  const failures = await scope.inPhase(`${mode.words.running} ${scope.work.length} stack(s)`, () =>
    runStacks(mode, scope),
  );
  hooks.cancellation?.throwIfRequested();
  if (failures.length > 0) {
    deployment.fail(failures.join('\n'));
    return scope;
  }
  deployment.transition('verifying');
  report();
  hooks.checkpoint?.(run);
  const checkFailures = await scope.inPhase(mode.verifyPhase, () => mode.verify(scope));
  hooks.cancellation?.throwIfRequested();
  if (checkFailures.length > 0) deployment.fail(checkFailures.join('\n'));
  else deployment.transition('completed');
  return scope;
}

/**
 * Drives one run of any mode through the seed's states: pending -> synthesizing -> deploying ->
 * verifying -> completed; on a failure, failed, then what the mode does after one (a deploy rolls
 * back, and ends rolled_back when every stack it touched was put back). A cancel stops new stacks
 * from starting and leaves what needs CloudFormation's time to the post step. Every client the
 * run opened is closed at the end.
 */
export async function runLifecycle(
  settings: Settings,
  makeContext: ContextFactory,
  hooks: LifecycleHooks,
  mode: RunMode = modeFor(settings),
): Promise<DeploymentRun> {
  const deployment = new Deployment(settings.environment, settings.mode, hooks.sink);
  const run = newRun(deployment);
  const context = makeContext(deployment.id);
  const cancellation = hooks.cancellation;
  let scope: RunScope = {
    run,
    settings,
    context,
    hooks,
    contract: null,
    requiredTags: [],
    work: [],
    inPhase: phaseRunner(hooks.phase),
    beforeChange: () => cancellation?.throwIfRequested(),
  };
  try {
    try {
      scope = await runPhases(mode, scope);
    } catch (error) {
      const message = messageOf(error);
      deployment.log('error', message);
      failUnfinished(run, mode.words.notDone, message);
      if (deployment.status !== 'failed') deployment.fail(message);
    }
    mode.finally?.(scope);
    if (deployment.status === 'failed') await afterFailure(mode, scope);
  } finally {
    deployment.finish();
    context.engine.close();
  }
  return run;
}

/** What follows a failure: the mode's own steps, or, once cancelled, what it leaves to the post step. */
async function afterFailure(mode: RunMode, scope: RunScope): Promise<void> {
  const { run, hooks } = scope;
  const cancellation = hooks.cancellation;
  if (cancellation?.requested) {
    run.deployment.log(
      'warning',
      `${mode.words.noun} ${cancellation.reason}: no further stack starts`,
    );
    await mode.afterCancel(scope);
    return;
  }
  try {
    await mode.afterFailure(scope);
  } catch (error) {
    if (cancellation?.requested) {
      run.deployment.log(
        'warning',
        `${mode.words.noun} ${cancellation.reason} while it was being undone`,
      );
      await mode.afterCancel(scope);
      return;
    }
    run.deployment.setRollback({ outcome: 'incomplete', message: messageOf(error) });
    run.deployment.log('error', `Rollback could not run: ${messageOf(error)}`);
  }
}

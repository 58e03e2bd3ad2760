import { resolve } from 'node:path';
import { requiredTagKeys } from '../verify/tags/required-tag-keys.js';
import { checkTemplatesBeforeDeploying } from './template-checks.js';
import { readAssembly } from '../assembly/read-assembly.js';
import { selectStacks } from '../assembly/select-stacks.js';
import { environmentName, type StackArtifact } from '../assembly/stack-artifact.js';
import { synthesize } from '../assembly/synthesize.js';
import { templateProblems } from '../assembly/check-template.js';
import { Deployment } from '../model/deployment.js';
import type { LogSink } from '../model/log-entry.js';
import { Stack } from '../model/stack.js';
import { topologicalOrder } from '../plan/dependency-graph.js';
import { schedule } from '../plan/scheduler.js';
import type { Settings } from '../settings/settings.js';
import { cancelInFlight } from './cancel-in-flight.js';
import type { Cancellation } from './cancellation.js';
import type { DeployContext } from './deploy-context.js';
import { DeploymentError } from '../errors.js';
import { newRun, type DeploymentRun } from './deployment-run.js';
import { rollBackIfWanted, rollbackNotRun } from './roll-back-if-wanted.js';
import { verifyDeployment } from './verify-deployment.js';
import { deployRecordedStack, type StackWork } from './stack-deployer.js';

export type ContextFactory = (deploymentId: string) => DeployContext;

export type PhaseListener = (phase: string, start: boolean) => void;

/** How plan and destroy reuse synthesizing; deploy takes the defaults. */
export interface SynthesizeOptions {
  /** Chooses the stacks of the assembly; by default as `cdk deploy` does (dependencies come along). */
  readonly select?: (
    stacks: readonly StackArtifact[],
    patterns: readonly string[],
  ) => StackArtifact[];
  /** Checks each selected template's structure and resolves its environment (default true). */
  readonly validateTemplates?: boolean;
}

/**
 * Each environment the stacks deploy to, resolved once before anything is deployed: a missing
 * region or unusable credentials is one clear error, not one per stack.
 */
async function resolveEnvironments(
  work: readonly StackWork[],
  context: DeployContext,
): Promise<void> {
  const distinct = new Map(
    work.map(({ artifact }) => [environmentName(artifact.environment), artifact]),
  );
  await Promise.all([...distinct.values()].map((a) => context.environments.resolve(a.environment)));
}

/** Synthesizing: the assembly read, stacks chosen and ordered, each template checked. */
export async function synthesizeStacks(
  run: DeploymentRun,
  settings: Settings,
  context: DeployContext,
  options: SynthesizeOptions = {},
): Promise<StackWork[]> {
  const { deployment } = run;
  const directory = await synthesize({
    workingDirectory: settings.workingDirectory,
    synthCommand: settings.synthCommand,
    cloudAssembly: settings.cloudAssembly,
  });
  run.assemblyDirectory = directory;
  const assembly = readAssembly(directory);
  assembly.warnings.forEach((w) => deployment.log('warning', w));
  const selected = (options.select ?? selectStacks)(assembly.stacks, settings.stacks);
  const byId = new Map(selected.map((a) => [a.id, a]));
  const order = topologicalOrder(selected).map((id) => byId.get(id) as StackArtifact);
  const nameOf = (id: string): string => byId.get(id)?.stackName ?? id;
  deployment.setStacksOrder(order.map((a) => a.stackName));
  deployment.log(
    'info',
    `Cloud assembly ${directory}: ${order.length} stack(s) selected, in order ${order.map((a) => a.stackName).join(', ')}`,
  );
  const work = order.map((artifact) => {
    const stack = new Stack(deployment.id, {
      name: artifact.stackName,
      artifactId: artifact.id,
      environment: environmentName(artifact.environment),
      templatePath: artifact.templatePath,
      dependencies: artifact.dependencies.filter((d) => byId.has(d)).map(nameOf),
    });
    run.stacks.push(stack);
    run.artifacts.set(stack.id, artifact);
    return { stack, artifact };
  });
  work.forEach(({ stack }) => stack.transition('synthesizing'));
  if (options.validateTemplates === false) return work;
  await resolveEnvironments(work, context);
  const invalid = work.flatMap(({ artifact }) => {
    const problems = templateProblems(artifact.template);
    return problems.length === 0
      ? []
      : [
          `Stack ${artifact.stackName}: CloudFormation would reject the template ${artifact.templatePath}: ${problems.join('; ')}. Fix the app and synthesize again.`,
        ];
  });
  if (invalid.length > 0) throw new DeploymentError(invalid.join('\n'));
  return work;
}

async function deployStacks(
  run: DeploymentRun,
  work: StackWork[],
  settings: Settings,
  context: DeployContext,
  hooks: LifecycleHooks,
): Promise<string[]> {
  const { deployment } = run;
  const byId = new Map(work.map((w) => [w.artifact.id, w]));
  const result = await schedule(
    work.map((w) => ({ id: w.artifact.id, dependencies: w.artifact.dependencies })),
    settings.concurrency,
    {
      run: async (id) => {
        const work = byId.get(id) as StackWork;
        const outcome = await deployRecordedStack(work, deployment, context, run);
        hooks.stackDeployed?.(work.stack);
        hooks.checkpoint?.(run);
        return outcome;
      },
      mayStart: () => !hooks.cancellation?.requested,
      skip: (id, failed) => {
        const skipped = byId.get(id) as StackWork;
        skipped.stack.fail(
          `Not deployed: it depends on ${byId.get(failed)?.stack.name ?? failed}, which failed`,
        );
        deployment.log('warning', skipped.stack.errorMessage ?? '', { stack: skipped.stack.name });
      },
    },
  );
  return result.failed.map((id) => {
    const stack = (byId.get(id) as StackWork).stack;
    return stack.errorMessage ?? `Stack ${stack.name} failed`;
  });
}

/** Marks every stack that had not finished as failed, so no record is left half-way. */
function failUnfinished(run: DeploymentRun, reason: string): void {
  for (const stack of run.stacks) {
    if (stack.status !== 'deployed' && stack.status !== 'failed')
      stack.fail(`Not deployed: ${reason}`);
  }
}

/**
 * Drives a Deployment through pending -> synthesizing -> deploying -> verifying -> completed; on
 * any failure, failed, then rolled_back when every stack it touched was put back.
 */
export interface LifecycleHooks {
  readonly sink: LogSink;
  /** Told when a phase starts and ends (the job log groups). */
  readonly phase?: PhaseListener;
  /** Awaited when the deployment enters deploying and verifying (the PR comment, GitHub deployment). */
  readonly progress?: (run: DeploymentRun) => Promise<void>;
  /** The environment the verify command starts from. */
  readonly env?: NodeJS.ProcessEnv;
  /** The runner's cancel: no new stack starts once it is requested. */
  readonly cancellation?: Cancellation;
  /** Told as soon as a stack's deployment ended, before anything can print its outputs. */
  readonly stackDeployed?: (stack: Stack) => void;
  /** Told whenever the run reached a state worth keeping on disk (a stack done, a phase). */
  readonly checkpoint?: (run: DeploymentRun) => void;
}

/**
 * A cancelled run has seconds before the runner kills it: it asks CloudFormation to cancel the
 * updates it started and leaves the rollback to the post step, which can wait for CloudFormation.
 */
async function leaveToPostStep(
  run: DeploymentRun,
  settings: Settings,
  context: DeployContext,
  cancellation: Cancellation,
): Promise<void> {
  const { deployment } = run;
  deployment.log('warning', `Deployment ${cancellation.reason}: no further stack starts`);
  await cancelInFlight(run, context);
  deployment.setRollback(
    rollbackNotRun(run, settings) ?? {
      outcome: 'pending',
      message: 'cancelled: the post step rolls back once CloudFormation has finished',
    },
  );
}

export async function runDeployment(
  settings: Settings,
  makeContext: ContextFactory,
  hooks: LifecycleHooks,
): Promise<DeploymentRun> {
  const phase = hooks.phase ?? (() => undefined);
  const progress = hooks.progress ?? (async () => undefined);
  const env = hooks.env ?? process.env;
  const deployment = new Deployment(settings.environment, settings.mode, hooks.sink);
  const run = newRun(deployment);
  const context = makeContext(deployment.id);
  const inPhase = async <T>(name: string, body: () => Promise<T>): Promise<T> => {
    phase(name, true);
    try {
      return await body();
    } finally {
      phase(name, false);
    }
  };
  try {
    deployment.transition('synthesizing');
    hooks.checkpoint?.(run);
    const contract = settings.contract
      ? // Loaded only for a run with a contract: its YAML parser and schema validator are large.
        (await import('../verify/contract/load-contract.js')).loadContract(
          resolve(settings.workingDirectory, settings.contract),
        )
      : null;
    const requiredTags = requiredTagKeys(settings.requiredTags, contract, settings.environment);
    const work = await inPhase('Synthesizing', async () => {
      const synthesized = await synthesizeStacks(run, settings, context);
      checkTemplatesBeforeDeploying(run, synthesized, contract, requiredTags);
      return synthesized;
    });
    deployment.transition('deploying');
    await progress(run);
    hooks.cancellation?.throwIfRequested();
    hooks.checkpoint?.(run);
    const deployFailures = await inPhase(`Deploying ${work.length} stack(s)`, () =>
      deployStacks(run, work, settings, context, hooks),
    );
    hooks.cancellation?.throwIfRequested();
    if (deployFailures.length > 0) {
      deployment.fail(deployFailures.join('\n'));
    } else {
      deployment.transition('verifying');
      await progress(run);
      const checkFailures = await inPhase('Verifying', () =>
        verifyDeployment(run, work, settings, context, env, contract, requiredTags),
      );
      hooks.cancellation?.throwIfRequested();
      if (checkFailures.length > 0) deployment.fail(checkFailures.join('\n'));
      else deployment.transition('completed');
    }
  } catch (error) {
    const message = (error as Error).message;
    deployment.log('error', message);
    failUnfinished(run, message);
    if (deployment.status !== 'failed') deployment.fail(message);
  }
  if (hooks.cancellation?.requested && deployment.status === 'failed') {
    await leaveToPostStep(run, settings, context, hooks.cancellation);
    deployment.finish();
    return run;
  }
  try {
    if (deployment.status === 'failed') {
      await inPhase('Rolling back', () => rollBackIfWanted(run, settings, context));
    }
  } catch (error) {
    if (hooks.cancellation?.requested) {
      await leaveToPostStep(run, settings, context, hooks.cancellation);
    } else {
      deployment.setRollback({ outcome: 'incomplete', message: (error as Error).message });
      deployment.log('error', `Rollback could not run: ${(error as Error).message}`);
    }
  } finally {
    deployment.finish();
  }
  return run;
}

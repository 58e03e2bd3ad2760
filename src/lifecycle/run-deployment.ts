import { readFileSync } from 'node:fs';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { readAssembly } from '../assembly/read-assembly.js';
import { selectStacks } from '../assembly/select-stacks.js';
import { environmentName, type StackArtifact } from '../assembly/stack-artifact.js';
import { synthesize } from '../assembly/synthesize.js';
import { validateTemplate } from '../cloudformation/validate-template.js';
import { Deployment } from '../model/deployment.js';
import type { LogSink } from '../model/log-entry.js';
import type { Resource } from '../model/resource.js';
import { Stack } from '../model/stack.js';
import { topologicalOrder } from '../plan/dependency-graph.js';
import { schedule } from '../plan/scheduler.js';
import type { Settings } from '../settings.js';
import { checkDeclaredOutputs, checkStackComplete } from '../verify/stack-checks.js';
import type { DeployContext } from './deploy-context.js';
import { deployRecordedStack, type StackWork } from './stack-deployer.js';

export interface DeploymentRun {
  readonly deployment: Deployment;
  readonly stacks: Stack[];
  readonly resources: Resource[];
  readonly artifacts: ReadonlyMap<string, StackArtifact>;
}

export type ContextFactory = (deploymentId: string) => DeployContext;

export type PhaseListener = (phase: string, start: boolean) => void;

/** Synthesizing: the assembly read, stacks chosen and ordered, each template validated. */
async function synthesizeStacks(
  run: DeploymentRun,
  settings: Settings,
  context: DeployContext,
): Promise<StackWork[]> {
  const { deployment } = run;
  const directory = await synthesize({
    workingDirectory: settings.workingDirectory,
    synthCommand: settings.synthCommand,
    cloudAssembly: settings.cloudAssembly,
  });
  const assembly = readAssembly(directory);
  assembly.warnings.forEach((w) => deployment.log('warning', w));
  const selected = selectStacks(assembly.stacks, settings.stacks);
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
    (run.artifacts as Map<string, StackArtifact>).set(stack.id, artifact);
    return { stack, artifact };
  });
  for (const { stack, artifact } of work) {
    stack.transition('synthesizing');
    const env = await context.environments.resolve(artifact.environment);
    const client = new CloudFormationClient(context.environments.clientSettings(env, undefined));
    try {
      const verdict = await validateTemplate(
        client,
        artifact.stackName,
        readFileSync(artifact.templatePath, 'utf8'),
      );
      deployment.log(
        'debug',
        verdict === 'valid'
          ? 'Template is valid'
          : 'Template validated when its change set is created',
        { stack: stack.name },
      );
    } finally {
      client.destroy();
    }
  }
  return work;
}

async function deployStacks(
  run: DeploymentRun,
  work: StackWork[],
  settings: Settings,
  context: DeployContext,
): Promise<string[]> {
  const { deployment } = run;
  const byId = new Map(work.map((w) => [w.artifact.id, w]));
  const result = await schedule(
    work.map((w) => ({ id: w.artifact.id, dependencies: w.artifact.dependencies })),
    settings.concurrency,
    {
      run: (id) =>
        deployRecordedStack(byId.get(id) as StackWork, deployment, context, run.resources),
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

function verifyStacks(run: DeploymentRun, work: StackWork[]): string[] {
  const failures: string[] = [];
  for (const { stack, artifact } of work) {
    const state = {
      artifact,
      cloudformationStatus: stack.cloudformationStatus,
      outputs: stack.outputs,
    };
    for (const result of [checkStackComplete(state), checkDeclaredOutputs(state)]) {
      run.deployment.recordCheck(result);
      if (!result.passed)
        failures.push(`Check ${result.check} failed for stack ${stack.name}: ${result.message}`);
    }
  }
  return failures;
}

/** Marks every stack that had not finished as failed, so no record is left half-way. */
function failUnfinished(run: DeploymentRun, reason: string): void {
  for (const stack of run.stacks) {
    if (stack.status !== 'deployed' && stack.status !== 'failed')
      stack.fail(`Not deployed: ${reason}`);
  }
}

/** Drives a Deployment through pending -> synthesizing -> deploying -> verifying -> completed, or failed. */
export async function runDeployment(
  settings: Settings,
  makeContext: ContextFactory,
  sink: LogSink,
  phase: PhaseListener = () => undefined,
): Promise<DeploymentRun> {
  const deployment = new Deployment(settings.environment, settings.mode, sink);
  const run: DeploymentRun = { deployment, stacks: [], resources: [], artifacts: new Map() };
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
    const work = await inPhase('Synthesizing', () => synthesizeStacks(run, settings, context));
    deployment.transition('deploying');
    const deployFailures = await inPhase(`Deploying ${work.length} stack(s)`, () =>
      deployStacks(run, work, settings, context),
    );
    if (deployFailures.length > 0) {
      deployment.fail(deployFailures.join('\n'));
      return run;
    }
    deployment.transition('verifying');
    const checkFailures = await inPhase('Verifying', async () => verifyStacks(run, work));
    if (checkFailures.length > 0) {
      deployment.fail(checkFailures.join('\n'));
      return run;
    }
    deployment.transition('completed');
  } catch (error) {
    const message = (error as Error).message;
    deployment.log('error', message);
    failUnfinished(run, message);
    if (deployment.status !== 'failed') deployment.fail(message);
  } finally {
    deployment.finish();
  }
  return run;
}

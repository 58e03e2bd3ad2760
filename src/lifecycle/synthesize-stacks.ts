import { readAssembly } from '../assembly/read-assembly.js';
import { environmentName, type StackArtifact } from '../assembly/stack-artifact.js';
import { synthesize } from '../assembly/synthesize.js';
import { templateProblems } from '../assembly/check-template.js';
import { DeploymentError } from '../errors.js';
import { Stack } from '../model/stack.js';
import { topologicalOrder } from '../plan/dependency-graph.js';
import type { Settings } from '../settings/settings.js';
import { jobEnvironment } from '../util/job-environment.js';
import type { DeployContext } from './deploy-context.js';
import type { DeploymentRun, StackWork } from './deployment-run.js';
import type { Selection } from './mode.js';

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

function rejectInvalidTemplates(work: readonly StackWork[]): void {
  const invalid = work.flatMap(({ artifact }) => {
    const problems = templateProblems(artifact.template);
    return problems.length === 0
      ? []
      : [
          `Stack ${artifact.stackName}: CloudFormation would reject the template ${artifact.templatePath}: ${problems.join('; ')}. Fix the app and synthesize again.`,
        ];
  });
  if (invalid.length > 0) throw new DeploymentError(invalid.join('\n'));
}

/**
 * Synthesizing: the assembly read, stacks chosen and ordered (dependencies first, or dependants
 * first when the selection is reversed), each recorded on the run.
 */
export async function synthesizeStacks(
  run: DeploymentRun,
  settings: Settings,
  context: DeployContext,
  selection: Selection,
  env: NodeJS.ProcessEnv,
): Promise<StackWork[]> {
  const { deployment } = run;
  const directory = await synthesize({
    workingDirectory: settings.workingDirectory,
    synthCommand: settings.synthCommand,
    cloudAssembly: settings.cloudAssembly,
    env: jobEnvironment(env),
  });
  run.assemblyDirectory = directory;
  const assembly = readAssembly(directory);
  assembly.warnings.forEach((w) => deployment.log('warning', w));
  const selected = selection.select(assembly.stacks, settings.stacks);
  const byId = new Map(selected.map((a) => [a.id, a]));
  const dependenciesFirst = topologicalOrder(selected).map((id) => byId.get(id) as StackArtifact);
  const order = selection.reversed ? [...dependenciesFirst].reverse() : dependenciesFirst;
  const nameOf = (id: string): string => byId.get(id)?.stackName ?? id;
  const names = order.map((a) => a.stackName).join(', ');
  deployment.setStacksOrder(order.map((a) => a.stackName));
  deployment.log(
    'info',
    `Cloud assembly ${directory}: ${order.length} stack(s) selected, in order ${names}`,
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
  if (!selection.validateTemplates) return work;
  await resolveEnvironments(work, context);
  rejectInvalidTemplates(work);
  return work;
}

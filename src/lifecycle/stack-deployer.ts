import type { StackArtifact } from '../assembly/stack-artifact.js';
import { deployStack } from '../cloudformation/deploy-stack.js';
import { describeResources, listStackResources } from '../cloudformation/stack-resources.js';
import { stackTarget } from '../cloudformation/stack-target.js';
import type { Deployment } from '../model/deployment.js';
import { Resource } from '../model/resource.js';
import type { Stack } from '../model/stack.js';
import type { WorkOutcome } from '../plan/scheduler.js';
import type { DeployContext } from './deploy-context.js';

export interface StackWork {
  readonly stack: Stack;
  readonly artifact: StackArtifact;
}

function resourceStatusFrom(cloudformationStatus: string | null): 'available' | 'failed' | null {
  if (!cloudformationStatus) return null;
  if (cloudformationStatus.endsWith('_FAILED')) return 'failed';
  if (cloudformationStatus.endsWith('_COMPLETE')) return 'available';
  return null;
}

/**
 * Deploys one stack of the run and records it: the bootstrap check, its assets, its change set,
 * then its outputs and resources. Failures are recorded on the stack, never thrown.
 */
export async function deployRecordedStack(
  work: StackWork,
  deployment: Deployment,
  context: DeployContext,
  resources: Resource[],
): Promise<WorkOutcome> {
  const { stack, artifact } = work;
  const log = (level: 'info' | 'warning' | 'error' | 'debug', message: string, resource?: string) =>
    deployment.log(level, message, { stack: stack.name, resource });
  stack.transition('deploying');
  try {
    const target = await stackTarget(artifact, context.environments, (m) => log('warning', m));
    await context.bootstrap.check(artifact, target.env, target.settings);
    await context.assets.publish(artifact.stackName, artifact.assetManifestPaths, (level, m) =>
      log(level, m),
    );
    const shortId = context.deploymentId.slice(0, 8);
    const deployed = await deployStack({
      artifact,
      target,
      parameters: context.parameters,
      changeSetName: `cdk-deploy-action-${shortId}`,
      requestToken: `cdk-deploy-action-${context.deploymentId}`,
      sleep: context.sleep,
      log,
    });
    stack.stackArn = deployed.stack.StackId ?? null;
    stack.cloudformationStatus = deployed.stack.StackStatus ?? null;
    stack.outputs = deployed.outputs;
    stack.noOp = deployed.noOp;
    stack.changeSetArn = deployed.changeSetArn;
    stack.changes = deployed.changes.length;
    const summaries = await listStackResources(
      target.client,
      deployed.stack.StackId ?? artifact.stackName,
    );
    for (const description of describeResources(
      artifact.stackName,
      summaries,
      artifact.template,
      artifact.tags,
    )) {
      const resource = new Resource(stack.id, description);
      const status = resourceStatusFrom(description.cloudformationStatus);
      if (status)
        resource.transition(
          status,
          `CloudFormation reports ${description.cloudformationStatus ?? ''}`,
        );
      resources.push(resource);
    }
    stack.transition('deployed');
    log('info', deployed.noOp ? 'Deployed (no changes)' : `Deployed (${stack.changes} change(s))`);
    return 'succeeded';
  } catch (error) {
    const message = (error as Error).message;
    stack.fail(message);
    log('error', message);
    return 'failed';
  }
}

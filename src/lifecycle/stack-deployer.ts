import type { StackArtifact } from '../assembly/stack-artifact.js';
import type { StackSnapshot } from '../cloudformation/stack-snapshot.js';
import { deployStack } from '../cloudformation/deploy-stack.js';
import { describeResources, listStackResources } from '../cloudformation/stack-resources.js';
import { stackTarget } from '../cloudformation/stack-target.js';
import { templateSentInline } from '../cloudformation/template-location.js';
import type { Deployment } from '../model/deployment.js';
import { Resource } from '../model/resource.js';
import type { Stack } from '../model/stack.js';
import type { WorkOutcome } from '../plan/scheduler.js';
import type { DeployContext } from './deploy-context.js';

/** Where a stack deployment leaves what the rest of the run needs. */
export interface RunCollections {
  readonly resources: Resource[];
  readonly snapshots: Map<string, StackSnapshot>;
}

export interface StackWork {
  readonly stack: Stack;
  readonly artifact: StackArtifact;
}

/**
 * Deploys one stack of the run and records it: the bootstrap check, its assets, its change set,
 * then its outputs and resources. Failures are recorded on the stack, never thrown.
 */
export async function deployRecordedStack(
  work: StackWork,
  deployment: Deployment,
  context: DeployContext,
  collections: RunCollections,
): Promise<WorkOutcome> {
  const { stack, artifact } = work;
  const log = (level: 'info' | 'warning' | 'error' | 'debug', message: string, resource?: string) =>
    deployment.log(level, message, { stack: stack.name, resource });
  stack.transition('deploying');
  try {
    const target = await stackTarget(artifact, context.environments, (m) => log('warning', m));
    await context.bootstrap.check(artifact, target.env, target.settings);
    await context.assets.publish(
      artifact.stackName,
      artifact.assetManifestPaths,
      (level, m) => log(level, m),
      // A template small enough to send inline needs no upload.
      templateSentInline(artifact) ? artifact.stackTemplateAssetObjectUrl : undefined,
    );
    const shortId = context.deploymentId.slice(0, 8);
    const deployed = await deployStack({
      artifact,
      target,
      parameters: context.parameters,
      changeSetName: `cdk-deploy-action-${shortId}`,
      requestToken: `cdk-deploy-action-${context.deploymentId}`,
      sleep: context.sleep,
      stackTimeoutMs: context.stackTimeoutMs,
      busyStackTimeoutMs: context.busyStackTimeoutMs,
      now: context.now,
      log,
      onSnapshot: (snapshot) => {
        collections.snapshots.set(stack.id, snapshot);
        stack.previousState = {
          existed: snapshot.existed,
          status: snapshot.status,
          captured_at: snapshot.capturedAt,
        };
      },
      onExecute: (stackId) => {
        stack.executed = true;
        stack.stackArn = stackId;
      },
      onExecuteRefused: () => {
        stack.executed = false;
      },
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
      if (description.cloudformationStatus?.endsWith('_FAILED')) {
        resource.transition('failed', `CloudFormation reports ${description.cloudformationStatus}`);
      }
      collections.resources.push(resource);
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

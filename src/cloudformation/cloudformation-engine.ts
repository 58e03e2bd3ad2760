import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import {
  type CloudFormationTemplate,
  environmentName,
  type StackArtifact,
} from '../assembly/stack-artifact.js';
import type { AwsEnvironments } from '../aws/aws-environment.js';
import { cancelUpdate } from './cancel-update.js';
import { deployStack, executeStaged, retryingContention, stageForDeploy } from './deploy-stack.js';
import { deployedTemplate } from './deployed-template.js';
import { discardStaged } from './discard-staged.js';
import { describeStack, liveStack } from './describe-stack.js';
import { destroyStack } from './destroy-stack.js';
import type {
  CancelUpdateResult,
  DeployedStack,
  DeployRequest,
  DestroyedStack,
  DestroyRequest,
  DriftReport,
  LiveStack,
  PlannedStack,
  PlanRequest,
  StackEngine,
  StageDeployRequest,
  StagedDeploy,
  StackLog,
  UndoRequest,
  UndoResult,
} from './engine.js';
import { planStack } from './plan-stack.js';
import { detectStackDrift } from './stack-drift.js';
import type { StackCall, WaitPolicy } from './stack-call.js';
import { describeResources, listStackResources } from './stack-resources.js';
import { StackContentionError } from './stack-contention.js';
import { classifyStatus } from './stack-status.js';
import type { StagedStack } from './staged-stack.js';
import { stackTarget, type StackTarget } from './stack-target.js';
import { waitFor } from './stack-waits.js';
import { undoStack } from './undo-stack.js';

export interface EngineOptions {
  readonly deploymentId: string;
  readonly environments: AwsEnvironments;
  readonly waits: WaitPolicy;
}

/**
 * The engine on CloudFormation: one client per environment and role for the whole run (the
 * deploy role assumed as `cdk deploy` does), every client closed at the end.
 */
export class CloudFormationEngine implements StackEngine {
  private readonly targets = new Map<string, Promise<StackTarget>>();
  private readonly opened: CloudFormationClient[] = [];
  /** What each handle `stage` gave out stands for; a handle leaves once executed or discarded. */
  private readonly staged = new WeakMap<StagedDeploy, StagedStack>();

  constructor(private readonly options: EngineOptions) {}

  private get names() {
    const { deploymentId } = this.options;
    const short = deploymentId.slice(0, 8);
    return {
      deploy: {
        changeSetName: `cdk-deploy-action-${short}`,
        requestToken: `cdk-deploy-action-${deploymentId}`,
      },
      plan: `cdk-deploy-action-plan-${short}`,
      rollback: {
        changeSetName: `cdk-deploy-action-rollback-${short}`,
        requestToken: `cdk-deploy-action-rollback-${deploymentId}`,
      },
    };
  }

  private target(artifact: StackArtifact, log: StackLog): Promise<StackTarget> {
    const key = [
      environmentName(artifact.environment),
      artifact.assumeRoleArn ?? '',
      artifact.assumeRoleExternalId ?? '',
    ].join('|');
    let target = this.targets.get(key);
    if (!target) {
      target = stackTarget(
        artifact,
        this.options.environments,
        (m) => log('warning', m),
        (settings) => {
          const client = new CloudFormationClient(settings);
          this.opened.push(client);
          return client;
        },
      );
      this.targets.set(key, target);
      // A failed resolution is not kept: the next stack tries again and reports its own error.
      target.catch(() => {
        if (this.targets.get(key) === target) this.targets.delete(key);
      });
    }
    return target;
  }

  private async call(artifact: StackArtifact, log: StackLog): Promise<StackCall> {
    return { artifact, log, target: await this.target(artifact, log), waits: this.options.waits };
  }

  async deploy(request: DeployRequest): Promise<DeployedStack> {
    return deployStack(await this.call(request.artifact, request.log), request, this.names.deploy);
  }

  async stage(request: StageDeployRequest): Promise<StagedDeploy> {
    const call = await this.call(request.artifact, request.log);
    // Another run that executes first deletes this change set, or creates the stack meanwhile:
    // staged again from a fresh look at the stack.
    const staged = await retryingContention(call, () =>
      stageForDeploy(call, request, this.names.deploy),
    );
    const handle = stagedHandle(request.artifact, staged);
    this.staged.set(handle, staged);
    return handle;
  }

  async execute(handle: StagedDeploy, request: DeployRequest): Promise<DeployedStack> {
    const staged = this.staged.get(handle);
    if (!staged) throw new Error(`Stack ${handle.artifact.stackName}: its change set was used`);
    this.staged.delete(handle);
    const call = await this.call(request.artifact, request.log);
    if (staged.snapshot) request.onSnapshot?.(staged.snapshot);
    try {
      return await executeStaged(call, request, staged, this.names.deploy);
    } catch (error) {
      if (!(error instanceof StackContentionError)) throw error;
      // The stack moved on since the change set was made (CloudFormation refused it): once more
      // from a fresh look at the stack, as a deploy that starts now would.
      call.log('warning', `${error.message}; making its change set again`);
      await discardStaged(call, { ...staged, createdStack: false }).catch(() => undefined);
      const restagedAt = new Date();
      let restaged: StagedStack | undefined;
      const deployed = await deployStack(call, request, this.names.deploy, (s) => (restaged = s));
      return {
        ...deployed,
        restaged: {
          createdAt: (restaged?.changeSetCreatedAt ?? restagedAt).toISOString(),
          ms: restaged?.changeSetMs ?? null,
        },
      };
    }
  }

  async discard(handle: StagedDeploy, log: StackLog): Promise<void> {
    const staged = this.staged.get(handle);
    if (!staged) return;
    this.staged.delete(handle);
    await discardStaged(await this.call(handle.artifact, log), staged);
  }

  async plan(request: PlanRequest): Promise<PlannedStack> {
    const call = await this.call(request.artifact, request.log);
    return retryingContention(call, () => planStack(call, request, this.names.plan));
  }

  async destroy(request: DestroyRequest): Promise<DestroyedStack> {
    return destroyStack(await this.call(request.artifact, request.log), request);
  }

  async deployedTemplate(artifact: StackArtifact): Promise<CloudFormationTemplate | null> {
    const { client } = await this.target(artifact, () => undefined);
    return deployedTemplate(client, artifact);
  }

  async describe(artifact: StackArtifact, stackId: string): Promise<LiveStack | undefined> {
    const { client } = await this.target(artifact, () => undefined);
    const stack = await describeStack(client, stackId);
    return stack ? liveStack(stack) : undefined;
  }

  async settle(
    artifact: StackArtifact,
    stackId: string,
    log: StackLog,
  ): Promise<LiveStack | undefined> {
    const call = await this.call(artifact, log);
    const current = await describeStack(call.target.client, stackId);
    if (!current || classifyStatus(current.StackStatus ?? '') !== 'in-progress') {
      return current ? liveStack(current) : undefined;
    }
    log('info', `Waiting for ${current.StackStatus ?? ''} to finish`);
    const { stack } = await waitFor(
      call,
      current.StackId ?? stackId,
      new Date(),
      call.waits.rollbackWaitMs,
    );
    return stack ? liveStack(stack) : undefined;
  }

  async resources(artifact: StackArtifact, stackId: string) {
    const { client } = await this.target(artifact, () => undefined);
    const summaries = await listStackResources(client, stackId);
    return describeResources(artifact.stackName, summaries, artifact.template, artifact.tags);
  }

  async cancelUpdate(artifact: StackArtifact, stackId: string): Promise<CancelUpdateResult> {
    const { client } = await this.target(artifact, () => undefined);
    return cancelUpdate(client, stackId);
  }

  async undo(request: UndoRequest): Promise<UndoResult> {
    const call = await this.call(request.artifact, (_level, message) => request.log(message));
    return undoStack(call, request, this.names.rollback);
  }

  async detectDrift(artifact: StackArtifact, log: StackLog): Promise<DriftReport> {
    const { target, waits } = await this.call(artifact, log);
    const stack = await describeStack(target.client, artifact.stackName);
    if (!stack?.StackId || stack.StackStatus === 'REVIEW_IN_PROGRESS') {
      return { status: 'NO_STACK', drifted: [], reason: '' };
    }
    return detectStackDrift(target.client, stack.StackId, waits.sleep);
  }

  close(): void {
    for (const client of this.opened.splice(0)) client.destroy();
    this.targets.clear();
  }
}

function stagedHandle(artifact: StackArtifact, staged: StagedStack): StagedDeploy {
  const outcome = staged.outcome === 'recreate' ? 'failed' : staged.outcome;
  return {
    artifact,
    outcome,
    snapshot: staged.snapshot,
    changeSetArn: staged.changeSet?.arn ?? null,
    changeSetCreatedAt: staged.changeSetCreatedAt?.toISOString() ?? null,
    changeSetMs: staged.changeSetMs ?? null,
    changeCount: staged.changes.length,
    missingExport: staged.missingExport,
    reason: staged.reason,
  };
}

import type { CloudFormationTemplate } from '../assembly/stack-artifact.js';
import { DeploymentError } from '../errors.js';
import { classifyChanges, noChanges, templateAdditions } from './classify-changes.js';
import { liveStack } from './describe-stack.js';
import { discardStaged } from './discard-staged.js';
import type { PlannedStack, PlanOutcome, PlanRequest } from './engine.js';
import type { StackCall } from './stack-call.js';
import { stageStack } from './stage-stack.js';
import type { StagedStack } from './staged-stack.js';

export function parseTemplate(body: string | null | undefined): CloudFormationTemplate | null {
  if (!body) return null;
  try {
    const parsed: unknown = JSON.parse(body);
    return typeof parsed === 'object' && parsed !== null
      ? (parsed as CloudFormationTemplate)
      : null;
  } catch {
    return null; // a YAML template: removals are then judged without its policies
  }
}

function plannedFrom(call: StackCall, staged: StagedStack): PlannedStack {
  const { artifact } = call;
  const templates = {
    deployed: parseTemplate(staged.snapshot?.templateBody),
    proposed: artifact.template,
  };
  const isNew = !staged.existing || staged.existing.StackStatus === 'REVIEW_IN_PROGRESS';
  const everyResourceAdded = () => classifyChanges(templateAdditions(artifact.template), templates);
  const outcomes: Record<Exclude<StagedStack['outcome'], 'failed'>, PlanOutcome> = {
    unchanged: 'unchanged',
    recreate: 'recreate',
    'missing-export': 'missing-export',
    empty: 'empty',
    ready: 'changes',
  };
  if (staged.outcome === 'failed') {
    throw new DeploymentError(`Stack ${artifact.stackName}: change set failed: ${staged.reason}`, {
      stack: artifact.stackName,
    });
  }
  const outcome = outcomes[staged.outcome];
  const changes =
    outcome === 'changes'
      ? classifyChanges(staged.changes, templates)
      : outcome === 'recreate' || (outcome === 'missing-export' && isNew)
        ? everyResourceAdded()
        : noChanges();
  return {
    outcome,
    existing: staged.existing ? liveStack(staged.existing) : undefined,
    isNew,
    deployedTemplate: templates.deployed,
    changeSetType:
      staged.outcome === 'unchanged' || staged.outcome === 'recreate' ? null : staged.changeSetType,
    changeSetArn: staged.changeSet?.arn ?? null,
    changes,
    missingExport: staged.missingExport,
    reason: staged.reason,
  };
}

/**
 * Plans one stack as deploying it would go, without executing anything: staged as a deploy is,
 * then what staging made is deleted. Errors throw a DeploymentError naming the stack.
 */
export async function planStack(
  call: StackCall,
  request: PlanRequest,
  changeSetName: string,
): Promise<PlannedStack> {
  const staged = await stageStack(call, {
    parameters: request.parameters,
    changeSetName,
    description: 'cdk-deploy-action plan (never executed)',
    deleteFailedCreate: false,
    publishTemplate: request.publishTemplate,
    gates: request.gates,
    beforeChange: request.beforeChange,
  });
  let planned: PlannedStack | undefined;
  let failure: unknown;
  try {
    planned = plannedFrom(call, staged);
  } catch (error) {
    failure = error;
  }
  try {
    await discardStaged(call, staged);
  } catch (error) {
    const earlier = failure ? `${(failure as Error).message}; ` : '';
    throw new DeploymentError(`${earlier}${(error as Error).message}`, {
      stack: call.artifact.stackName,
      cause: error,
    });
  }
  if (failure || !planned) throw failure;
  return planned;
}

/**
 * What a run records for review: the plan id and each stack's digest, each stack's diff against
 * its deployed template, and whether the changes need approval. Shared by plan and deploy.
 */
import type { CloudFormationTemplate } from '../assembly/stack-artifact.js';
import type { PlannedStack } from '../cloudformation/engine.js';
import { parseTemplate } from '../cloudformation/plan-stack.js';
import type { ApprovalState } from '../model/review.js';
import { approvalState } from '../review/approval.js';
import {
  emptyReview,
  replacementDetails,
  reviewStack,
  type StackReview,
} from '../review/diff-stack.js';
import { planDigest, type PlanDigest } from '../review/plan-digest.js';
import type { StackWork } from './deployment-run.js';
import type { RunScope } from './mode.js';

/** The plan id of the run's stacks, recorded on the deployment and each stack. */
export function recordPlanDigest(scope: RunScope): PlanDigest {
  const digest = planDigest(
    scope.work.map((w) => w.artifact),
    scope.context.parameters,
  );
  scope.run.deployment.planId = digest.planId;
  for (const { stack } of scope.work) stack.planDigest = digest.stacks[stack.name] ?? null;
  scope.run.deployment.log('info', `Plan id ${digest.planId}`);
  return digest;
}

function recordReview(work: StackWork, review: StackReview): void {
  work.stack.resourceChanges = review.resources;
  work.stack.securityChanges = review.security;
}

/** Mode plan: the stack's diff, with the change set's replacement reasons; no diff when unchanged. */
export async function reviewPlanned(
  work: StackWork,
  planned: PlannedStack,
  scope: RunScope,
): Promise<void> {
  const { artifact } = work;
  const compareWith: CloudFormationTemplate | null | undefined =
    planned.outcome === 'unchanged' || planned.outcome === 'empty'
      ? undefined // nothing changes: no diff library needed
      : planned.outcome === 'recreate' || planned.isNew
        ? null
        : planned.outcome === 'missing-export'
          ? undefined // its changes are not known until the export exists
          : planned.deployedTemplate;
  if (compareWith === undefined) {
    if (planned.outcome === 'unchanged' || planned.outcome === 'empty') {
      recordReview(work, emptyReview());
    }
    return;
  }
  const { changes } = planned;
  const details = replacementDetails([...changes.replacements, ...changes.modifications]);
  try {
    if (compareWith === null && !planned.isNew && planned.outcome !== 'recreate') {
      throw new Error('its deployed template is not JSON, so it cannot be compared');
    }
    recordReview(work, await reviewStack(compareWith, artifact.template, details));
  } catch (error) {
    // Without a diff, approval cannot be judged: the plan fails then; otherwise it keeps the change set's table.
    if (scope.settings.requireApproval !== 'never') throw error;
    scope.run.deployment.log('warning', `No diff for the review: ${(error as Error).message}`, {
      stack: work.stack.name,
    });
  }
}

/** Mode deploy: a stack that changed, diffed against the template it had before (its snapshot). */
async function reviewDeployed(work: StackWork, scope: RunScope): Promise<void> {
  const { stack, artifact } = work;
  if (stack.noOp || stack.resourceChanges !== null) return;
  const snapshot = scope.run.snapshots.get(stack.id);
  const before = snapshot?.existed ? parseTemplate(snapshot.templateBody) : null;
  if (snapshot?.existed && !before) return; // a YAML template: no diff
  try {
    recordReview(work, await reviewStack(before, artifact.template));
  } catch (error) {
    // The diff is for the reader; a stack that deployed is not failed for want of one.
    scope.run.deployment.log('warning', `No diff for the summary: ${(error as Error).message}`, {
      stack: stack.name,
    });
  }
}

/** Whether the run's changes need approval under `require-approval`, recorded on the deployment. */
export function judgeApproval(scope: RunScope): ApprovalState {
  const state = approvalState(
    scope.work.map(({ stack }) => ({
      name: stack.name,
      security: stack.securityChanges,
      resources: stack.resourceChanges,
    })),
    scope.settings.requireApproval,
  );
  scope.run.deployment.approval = state;
  return state;
}

/**
 * Deploy mode's verifying, with the summary's diff of every stack the run changed computed beside
 * it: after the stacks are through, so that loading the diff library holds up no stack.
 */
export function withDeployedDiffs(
  verify: (scope: RunScope) => Promise<string[]>,
): (scope: RunScope) => Promise<string[]> {
  return async (scope) => {
    const [failures] = await Promise.all([
      verify(scope),
      Promise.all(
        scope.work
          .filter(({ stack }) => stack.status === 'deployed')
          .map((work) => reviewDeployed(work, scope)),
      ),
    ]);
    return failures;
  };
}

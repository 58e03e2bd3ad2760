/**
 * Deploy mode's review gate, run in `prepare`, before any stack is touched: the plan id is
 * computed; with `expected-plan` it must equal the reviewed plan's (else `plan-changed`); with
 * `require-approval` other than never, each stack is diffed against its deployed template and a
 * change that needs approval stops the run. The gate only reads: a refused run deployed nothing
 * and has nothing to roll back.
 */
import { approvalRefusal } from '../review/approval.js';
import { reviewStack } from '../review/diff-stack.js';
import { differingStacks, type PlanDigest } from '../review/plan-digest.js';
import { ReviewError } from '../review/review-error.js';
import type { ReviewedPlan } from '../review/reviewed-plan.js';
import { createLimiter } from '../util/limiter.js';
import type { RunScope } from './mode.js';
import { judgeApproval, recordPlanDigest } from './review-run.js';

async function expectedPlan(scope: RunScope): Promise<ReviewedPlan | null> {
  const expected = scope.settings.expectedPlan;
  if (!expected) return null;
  if (expected.kind === 'plan-id') {
    return { planId: expected.planId, stacks: {}, complete: true, source: 'expected-plan' };
  }
  const find = scope.hooks.reviewedPlan;
  if (!find) {
    throw new ReviewError(
      "expected-plan is 'pull-request', but this run cannot read the pull request's comments (no GitHub token). Nothing was deployed.",
    );
  }
  return find();
}

function planChanged(expected: ReviewedPlan, actual: PlanDigest): string {
  const known = Object.keys(expected.stacks).length > 0;
  const stacks = known ? differingStacks(expected.stacks, actual.stacks) : [];
  const which = known
    ? `stacks that differ: ${stacks.join(', ')}`
    : `the plan id names no stacks; this run's stacks: ${Object.keys(actual.stacks).join(', ')} (compare plan_digest per stack in the two records)`;
  return `plan-changed: this run would deploy plan ${actual.planId}, not the reviewed plan ${expected.planId} (from ${expected.source}); ${which}. Nothing was deployed. Plan again and review the new plan.`;
}

async function checkExpectedPlan(scope: RunScope, digest: PlanDigest): Promise<void> {
  const expected = await expectedPlan(scope);
  if (!expected) return;
  if (expected.planId !== digest.planId) throw new ReviewError(planChanged(expected, digest));
  scope.run.deployment.log(
    'info',
    `Plan ${digest.planId} is the reviewed plan (${expected.source})`,
  );
}

/** Each stack diffed against its deployed template, read only, up to `concurrency` at once. */
async function reviewStacks(scope: RunScope): Promise<void> {
  const limit = createLimiter(scope.settings.concurrency);
  await Promise.all(
    scope.work.map((work) =>
      limit(async () => {
        const deployed = await scope.context.engine.deployedTemplate(work.artifact);
        const review = await reviewStack(deployed, work.artifact.template);
        work.stack.resourceChanges = review.resources;
        work.stack.securityChanges = review.security;
      }),
    ),
  );
}

export async function reviewGate(scope: RunScope): Promise<void> {
  const digest = recordPlanDigest(scope);
  await checkExpectedPlan(scope, digest);
  if (scope.settings.requireApproval === 'never') return;
  await scope.inPhase('Reviewing the changes', () => reviewStacks(scope));
  const approval = judgeApproval(scope);
  if (approval.required) throw new ReviewError(approvalRefusal(approval));
  scope.run.deployment.log(
    'info',
    `No change needs approval (require-approval: ${approval.require_approval})`,
  );
}

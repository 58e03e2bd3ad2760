import type { RunScope } from './mode.js';
import { judgeApproval } from './review-run.js';

/**
 * Mode plan: whether the plan needs approval under `require-approval` (recorded, and the
 * `approval-required` output); a failure only with `fail-on-approval-required: true`.
 */
export function checkApproval(scope: RunScope): string[] {
  const { run, settings } = scope;
  const approval = judgeApproval(scope);
  if (settings.requireApproval === 'never') return [];
  const fails = approval.required && settings.failOnApprovalRequired;
  run.deployment.recordCheck({
    check: 'approval-required',
    passed: !fails,
    message: approval.required
      ? `deploying needs approval (require-approval: ${approval.require_approval}): ${approval.reasons.join('; ')}${fails ? '' : ' (allowed: fail-on-approval-required is false)'}`
      : `no change needs approval (require-approval: ${approval.require_approval})`,
  });
  if (!fails) return [];
  return [
    `The plan needs approval and fail-on-approval-required is true:\n${approval.reasons.join('\n')}`,
  ];
}

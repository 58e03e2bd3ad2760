import type { ApprovalState, ResourceChangeView, SecurityChanges } from '../model/review.js';
import { hasSecurityChanges, type ApprovalLevel } from '../model/review.js';

export interface ReviewedStack {
  readonly name: string;
  readonly security: SecurityChanges | null;
  readonly resources: readonly ResourceChangeView[] | null;
}

/** Why one stack needs approval under `level`, or null. */
function reasonFor(stack: ReviewedStack, level: ApprovalLevel): string | null {
  if (level === 'never') return null;
  const { security } = stack;
  if (security?.broadening) {
    const parts = [
      security.statements.filter((s) => s.change === 'added').length,
      security.managed_policies.filter((p) => p.change === 'added').length,
      security.security_group_rules.filter((r) => r.change === 'added').length,
    ];
    const [statements, policies, rules] = parts as [number, number, number];
    const what = [
      statements > 0 ? `${statements} IAM statement(s) added` : '',
      policies > 0 ? `${policies} managed polic${policies === 1 ? 'y' : 'ies'} attached` : '',
      rules > 0 ? `${rules} security-group rule(s) added` : '',
    ].filter(Boolean);
    return `${stack.name}: permissions broadened (${what.join(', ') || 'see the security changes'})`;
  }
  if (level === 'broadening') return null;
  if (hasSecurityChanges(security)) return `${stack.name}: security changes`;
  const changed = stack.resources?.length ?? 0;
  return changed > 0 ? `${stack.name}: ${changed} resource change(s)` : null;
}

/** Whether the stacks' changes need a human's approval under `require-approval: level`. */
export function approvalState(
  stacks: readonly ReviewedStack[],
  level: ApprovalLevel,
): ApprovalState {
  const reasons = stacks
    .map((stack) => reasonFor(stack, level))
    .filter((r): r is string => r !== null);
  return { required: reasons.length > 0, require_approval: level, reasons };
}

/** The error of a deploy that the gate stops, naming the input and the ways to approve. */
export function approvalRefusal(state: ApprovalState): string {
  const what =
    state.require_approval === 'broadening' ? 'broaden permissions' : 'change the stacks';
  return [
    `approval-required: the changes ${what} and require-approval is '${state.require_approval}'; nothing was deployed.`,
    ...state.reasons.map((r) => `- ${r}`),
    "To approve: review the security changes (job summary), then deploy through a GitHub environment with required reviewers (the job's `environment:`) and set require-approval: never in that job, or set require-approval: never for this job.",
  ].join('\n');
}

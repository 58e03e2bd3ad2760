import { SettingsError } from '../errors.js';
import type { Mode } from '../model/modes.js';
import { APPROVAL_LEVELS, type ApprovalLevel } from '../model/review.js';
import { isPlanId } from '../model/plan-id.js';

/** `expected-plan`: a plan id, or the plan comment of the pull request this commit merged. */
export type ExpectedPlan =
  { readonly kind: 'plan-id'; readonly planId: string } | { readonly kind: 'pull-request' };

export function parseRequireApproval(value: string): ApprovalLevel {
  const level = APPROVAL_LEVELS.find((l) => l === value);
  if (!level) {
    throw new SettingsError(
      'require-approval',
      `'${value}' is not one of ${APPROVAL_LEVELS.join(', ')}; use 'broadening' to stop on broadened permissions, 'any-change' to stop on any change, or 'never'.`,
    );
  }
  return level;
}

export function parseExpectedPlan(value: string, mode: Mode): ExpectedPlan | null {
  if (value.length === 0) return null;
  if (mode !== 'deploy') {
    throw new SettingsError(
      'expected-plan',
      `it is only for mode 'deploy' (this is mode '${mode}'); remove it, or set mode: deploy.`,
    );
  }
  if (value === 'pull-request') return { kind: 'pull-request' };
  if (isPlanId(value)) return { kind: 'plan-id', planId: value };
  throw new SettingsError(
    'expected-plan',
    `'${value}' is neither a plan id ('plan-v1:' and 64 hex digits, the plan-id output of a plan) nor 'pull-request'.`,
  );
}

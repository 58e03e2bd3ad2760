/**
 * What a reviewer reads about one stack, as the record keeps it: the resource changes (with the
 * properties that change and CloudFormation's replacement reasons) and the security changes (IAM
 * statements, managed policies, security-group rules), each row added or removed.
 */

export type ResourceAction = 'add' | 'modify' | 'replace' | 'may-replace' | 'remove' | 'orphan';

export interface ResourceChangeView {
  action: ResourceAction;
  logical_id: string;
  resource_type: string;
  /** The properties that change (top-level names), empty for an addition or removal. */
  properties: string[];
  /** Why it is replaced: CloudFormation's change-set details, else the property that forces it. */
  reasons: string[];
}

export type SecurityRowChange = 'added' | 'removed';

export interface StatementChangeView {
  change: SecurityRowChange;
  effect: string;
  actions: string;
  resources: string;
  principals: string;
  condition: string;
}

export interface ManagedPolicyChangeView {
  change: SecurityRowChange;
  /** The role, user or group the policy is attached to. */
  identity: string;
  managed_policy_arn: string;
}

export interface SecurityGroupRuleChangeView {
  change: SecurityRowChange;
  direction: 'ingress' | 'egress';
  group: string;
  protocol: string;
  peer: string;
}

export interface SecurityChanges {
  /** Positive statements or managed policies added, negative ones removed, or rules added. */
  broadening: boolean;
  statements: StatementChangeView[];
  managed_policies: ManagedPolicyChangeView[];
  security_group_rules: SecurityGroupRuleChangeView[];
}

/** Whether the run needs a human's approval under `require-approval`, and why. */
export interface ApprovalState {
  required: boolean;
  /** `never`, `broadening` or `any-change`: the input the run had. */
  require_approval: string;
  /** One line per stack that needs it. */
  reasons: string[];
}

export function hasSecurityChanges(changes: SecurityChanges | null | undefined): boolean {
  return (
    !!changes &&
    changes.statements.length +
      changes.managed_policies.length +
      changes.security_group_rules.length >
      0
  );
}

/** The CDK CLI's `--require-approval` words. */
export const APPROVAL_LEVELS = ['never', 'broadening', 'any-change'] as const;
export type ApprovalLevel = (typeof APPROVAL_LEVELS)[number];

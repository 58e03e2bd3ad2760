/** Records as the model writes them, for the tests of what reads records (reports, GitHub). */
import type { PlannedChange, StackPlan, StackRecord } from '../../src/model/stack.js';

export function at(second: number): string {
  return new Date(Date.UTC(2025, 0, 31, 10, 0, 0) + second * 1000).toISOString();
}

export function change(
  logicalId: string,
  type: string,
  replacement: string | null = null,
): PlannedChange {
  return { logical_id: logicalId, resource_type: type, physical_id: null, replacement };
}

export function plan(overrides: Partial<StackPlan> = {}): StackPlan {
  return {
    outcome: 'changes',
    source: 'change-set',
    change_set_type: 'UPDATE',
    additions: [],
    modifications: [],
    replacements: [],
    removals: [],
    destructive_changes: [],
    blocked_by: [],
    message: '',
    ...overrides,
  };
}

export function stack(name: string, overrides: Partial<StackRecord> = {}): StackRecord {
  return {
    id: `stack-${name}`,
    name,
    deployment_id: 'd',
    status: 'deployed',
    template_path: `/cdk.out/${name}.template.json`,
    outputs: {},
    dependencies: [],
    error_message: null,
    artifact_id: name,
    environment: 'aws://123456789012/eu-west-1',
    stack_arn: null,
    cloudformation_status: 'UPDATE_COMPLETE',
    no_op: false,
    change_set_arn: null,
    changes: 0,
    start_time: at(10),
    end_time: at(20),
    status_history: [],
    previous_state: null,
    rollback: null,
    plan: null,
    ...overrides,
  };
}

import type { StackArtifact } from '../assembly/stack-artifact.js';
import { classifyStatus } from '../cloudformation/stack-status.js';
import type { CheckResult } from '../model/check-result.js';

export interface DeployedStackState {
  readonly artifact: StackArtifact;
  readonly cloudformationStatus: string | null;
  readonly outputs: Readonly<Record<string, string>>;
  /** Set while the update is in CloudFormation's monitoring window, its resources done. */
  readonly monitoringUntil?: string | null;
}

/** The stack ended in a *_COMPLETE status CloudFormation counts as success. */
export function checkStackComplete(state: DeployedStackState): CheckResult {
  const status = state.cloudformationStatus ?? 'unknown';
  if (status === 'UPDATE_IN_PROGRESS' && state.monitoringUntil) {
    return {
      check: 'stack-complete',
      stack: state.artifact.stackName,
      passed: true,
      message: `CloudFormation status ${status}: every changed resource done, in the monitoring window until ${state.monitoringUntil}`,
    };
  }
  return {
    check: 'stack-complete',
    stack: state.artifact.stackName,
    passed: classifyStatus(status) === 'succeeded',
    message: `CloudFormation status ${status}`,
  };
}

/** Every output the template declares unconditionally is there after the deployment. */
export function checkDeclaredOutputs(state: DeployedStackState): CheckResult {
  const declared = Object.entries(state.artifact.template.Outputs ?? {})
    .filter(([, output]) => output.Condition === undefined)
    .map(([key]) => key);
  const missing = declared.filter((key) => !(key in state.outputs));
  return {
    check: 'declared-outputs',
    stack: state.artifact.stackName,
    passed: missing.length === 0,
    message:
      missing.length === 0
        ? `${declared.length} declared output(s) present`
        : `missing output(s) ${missing.join(', ')} that the template declares`,
  };
}

import type { CreateChangeSetInput } from '@aws-sdk/client-cloudformation';
import type { ChangeSetGates } from './engine.js';

/** CloudFormation takes at most this many rollback triggers per stack. */
export const MAX_ROLLBACK_TRIGGERS = 5;

/**
 * The release gates' fields of a CreateChangeSet request: the alarms as rollback triggers (with
 * a monitoring window for an update that has one), express mode, drift-reverting change sets.
 * Nothing at all without gates, so a run without them sends what it always sent.
 */
export function changeSetOptions(
  gates: ChangeSetGates | undefined,
  changeSetType: 'CREATE' | 'UPDATE',
): Partial<CreateChangeSetInput> {
  if (!gates) return {};
  const triggers = gates.rollbackTriggers.slice(0, MAX_ROLLBACK_TRIGGERS);
  const monitoring = changeSetType === 'UPDATE' ? gates.monitoringMinutes : 0;
  return {
    ...(triggers.length > 0 || monitoring > 0
      ? {
          RollbackConfiguration: {
            RollbackTriggers: triggers.map((t) => ({ Arn: t.arn, Type: t.type })),
            MonitoringTimeInMinutes: monitoring,
          },
        }
      : {}),
    ...(gates.express ? { DeploymentConfig: { Mode: 'EXPRESS' } } : {}),
    // CloudFormation reverts drift only on an update: a new stack has none.
    ...(gates.revertDrift && changeSetType === 'UPDATE' ? { DeploymentMode: 'REVERT_DRIFT' } : {}),
  };
}

/** The monitoring window a change set of this type gets, in minutes. */
export function monitoringMinutesOf(
  gates: ChangeSetGates | undefined,
  changeSetType: 'CREATE' | 'UPDATE',
): number {
  return gates && changeSetType === 'UPDATE' ? gates.monitoringMinutes : 0;
}

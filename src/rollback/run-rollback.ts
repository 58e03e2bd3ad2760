import type { StackArtifact } from '../assembly/stack-artifact.js';
import { describeStack, outputsOf } from '../cloudformation/describe-stack.js';
import type { StackSnapshot } from '../cloudformation/stack-snapshot.js';
import { classifyStatus } from '../cloudformation/stack-status.js';
import { stackTarget } from '../cloudformation/stack-target.js';
import { waitForStack } from '../cloudformation/wait-for-stack.js';
import type { DeployContext } from '../lifecycle/deploy-context.js';
import type { Deployment } from '../model/deployment.js';
import type { Stack } from '../model/stack.js';
import { planRollback } from './plan-rollback.js';
import { undoStack } from '../cloudformation/undo-stack.js';

export interface RollbackInput {
  readonly deployment: Deployment;
  /** In deployment order; rolled back in reverse. */
  readonly stacks: readonly Stack[];
  readonly artifacts: ReadonlyMap<string, StackArtifact>;
  readonly snapshots: ReadonlyMap<string, StackSnapshot>;
}

/** A rollback is the last chance to put a stack back: it waits at least this long. */
const ROLLBACK_WAIT_FLOOR_MS = 30 * 60_000;

/** How long each wait of the rollback may take: stack-timeout, but never less than the floor. */
function rollbackWaitMs(context: DeployContext): number {
  return Math.max(context.stackTimeoutMs ?? 0, ROLLBACK_WAIT_FLOOR_MS);
}

async function rollBackOne(
  stack: Stack,
  input: RollbackInput,
  context: DeployContext,
): Promise<boolean> {
  const at = (): string => new Date().toISOString();
  const log = (level: 'info' | 'warning' | 'error', message: string): void =>
    input.deployment.log(level, message, { stack: stack.name });
  const snapshot = input.snapshots.get(stack.id) ?? null;
  const artifact = input.artifacts.get(stack.id);
  if (!snapshot || !artifact) {
    stack.rollback = {
      action: 'none',
      succeeded: true,
      message: 'not started by this run',
      at: at(),
    };
    return true;
  }
  const target = await stackTarget(artifact, context.environments, (m) => log('warning', m));
  const stackId = stack.stackArn ?? snapshot.stackId ?? artifact.stackName;
  let current = await describeStack(target.client, stackId);
  if (current && classifyStatus(current.StackStatus ?? '') === 'in-progress') {
    log('info', `Waiting for ${current.StackStatus ?? ''} to finish before rolling back`);
    current = (
      await waitForStack({
        client: target.client,
        stackId: current.StackId ?? stackId,
        since: new Date(),
        sleep: context.sleep,
        onEvent: () => undefined,
        timeoutMs: rollbackWaitMs(context),
      })
    ).stack;
  }
  const [step] = planRollback([
    {
      name: stack.name,
      snapshot,
      executed: stack.executed,
      noOp: stack.noOp,
      currentStatus: current?.StackStatus ?? null,
    },
  ]);
  if (!step || step.action === 'none') {
    const ok = step?.ok ?? true;
    stack.rollback = { action: 'none', succeeded: ok, message: step?.reason ?? '', at: at() };
    log(ok ? 'info' : 'error', `Rollback: ${step?.reason ?? ''}`);
    return ok;
  }
  log('info', `Rollback: ${step.action} (${step.reason})`);
  const result = await undoStack({
    action: step.action,
    artifact,
    snapshot,
    stackId: current?.StackId ?? stackId,
    target,
    deploymentId: input.deployment.id,
    sleep: context.sleep,
    log: (m) => log('info', m),
    timeoutMs: rollbackWaitMs(context),
  });
  stack.rollback = {
    action: step.action,
    succeeded: result.succeeded,
    message: result.message,
    at: at(),
  };
  if (result.succeeded && step.action !== 'delete') {
    const restored = await describeStack(target.client, current?.StackId ?? stackId);
    stack.outputs = outputsOf(restored);
    stack.cloudformationStatus = restored?.StackStatus ?? null;
  }
  log(
    result.succeeded ? 'info' : 'error',
    `Rollback ${result.succeeded ? 'done' : 'FAILED'}: ${result.message}`,
  );
  return result.succeeded;
}

/**
 * Rolls the run's stacks back in reverse dependency order. Every stack is attempted even when an
 * earlier one fails, so the record says which stacks need a hand. True when every step worked.
 */
export async function rollBack(input: RollbackInput, context: DeployContext): Promise<boolean> {
  let allSucceeded = true;
  for (const stack of [...input.stacks].reverse()) {
    try {
      if (!(await rollBackOne(stack, input, context))) allSucceeded = false;
    } catch (error) {
      allSucceeded = false;
      const message = `rollback could not run: ${(error as Error).message}`;
      stack.rollback = { action: 'none', succeeded: false, message, at: new Date().toISOString() };
      input.deployment.log('error', message, { stack: stack.name });
    }
  }
  return allSucceeded;
}

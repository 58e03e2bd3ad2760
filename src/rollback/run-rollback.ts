import type { StackArtifact } from '../assembly/stack-artifact.js';
import type { StackEngine } from '../cloudformation/engine.js';
import type { StackSnapshot } from '../cloudformation/stack-snapshot.js';
import { CancelledError } from '../errors.js';
import type { Deployment } from '../model/deployment.js';
import type { LogLevel } from '../model/log-entry.js';
import type { Stack } from '../model/stack.js';
import { reverseGraph } from '../plan/dependency-graph.js';
import { schedule } from '../plan/scheduler.js';
import { planRollback } from './plan-rollback.js';

export interface RollbackInput {
  readonly deployment: Deployment;
  /** In deployment order; dependants are rolled back before what they depend on. */
  readonly stacks: readonly Stack[];
  readonly artifacts: ReadonlyMap<string, StackArtifact>;
  readonly snapshots: ReadonlyMap<string, StackSnapshot>;
}

export interface RollbackOptions {
  readonly engine: StackEngine;
  /** How many stacks are rolled back at once. */
  readonly concurrency: number;
  /** False stops new stacks from starting (a cancel); those under way finish or stop at a wait. */
  readonly mayStart?: () => boolean;
}

const at = (): string => new Date().toISOString();

async function rollBackOne(
  stack: Stack,
  input: RollbackInput,
  engine: StackEngine,
): Promise<boolean> {
  const log = (level: LogLevel, message: string): void =>
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
  const stackId = stack.stackArn ?? snapshot.stackId ?? artifact.stackName;
  const current = await engine.settle(artifact, stackId, log);
  const [step] = planRollback([
    {
      name: stack.name,
      snapshot,
      executed: stack.executed,
      noOp: stack.noOp,
      currentStatus: current?.status ?? null,
    },
  ]);
  if (!step || step.action === 'none') {
    const ok = step?.ok ?? true;
    stack.rollback = { action: 'none', succeeded: ok, message: step?.reason ?? '', at: at() };
    log(ok ? 'info' : 'error', `Rollback: ${step?.reason ?? ''}`);
    return ok;
  }
  log('info', `Rollback: ${step.reason}`);
  const target = current?.stackId || stackId;
  const result = await engine.undo({
    action: step.action,
    artifact,
    snapshot,
    stackId: target,
    log: (message) => log('info', message),
  });
  stack.rollback = {
    action: step.action,
    succeeded: result.succeeded,
    message: result.message,
    at: at(),
  };
  if (result.succeeded && step.action !== 'delete') {
    const restored = await engine.describe(artifact, target);
    stack.outputs = { ...(restored?.outputs ?? {}) };
    stack.cloudformationStatus = restored?.status ?? null;
  }
  log(
    result.succeeded ? 'info' : 'error',
    `Rollback ${result.succeeded ? 'done' : 'FAILED'}: ${result.message}`,
  );
  return result.succeeded;
}

/**
 * Rolls the run's stacks back, dependants before what they depend on and independent stacks in
 * parallel. Every stack is attempted even when another one fails, so the record says which stacks
 * need a hand. True when every step worked. A cancel stops new stacks and is thrown once the
 * stacks under way have stopped, so that the post step can finish the rollback.
 */
export async function rollBack(input: RollbackInput, options: RollbackOptions): Promise<boolean> {
  const byId = new Map(input.stacks.map((stack) => [stack.id, stack]));
  const idOfName = new Map(input.stacks.map((stack) => [stack.name, stack.id]));
  const graph = reverseGraph(
    input.stacks.map((stack) => ({
      id: stack.id,
      dependencies: stack.identity.dependencies.flatMap((name) => idOfName.get(name) ?? []),
    })),
  );
  let allSucceeded = true;
  const cancels: CancelledError[] = [];
  await schedule(graph, options.concurrency, {
    mayStart: options.mayStart,
    // A stack whose rollback failed does not hold back the stacks it depends on.
    run: async (id) => {
      const stack = byId.get(id) as Stack;
      try {
        if (!(await rollBackOne(stack, input, options.engine))) allSucceeded = false;
      } catch (error) {
        if (error instanceof CancelledError) {
          cancels.push(error);
          return 'succeeded';
        }
        allSucceeded = false;
        const message = `rollback could not run: ${(error as Error).message}`;
        stack.rollback = { action: 'none', succeeded: false, message, at: at() };
        input.deployment.log('error', message, { stack: stack.name });
      }
      return 'succeeded';
    },
    skip: () => undefined,
  });
  const [cancelled] = cancels;
  if (cancelled) throw cancelled;
  if (options.mayStart && !options.mayStart()) throw new CancelledError('cancelled');
  return allSucceeded;
}

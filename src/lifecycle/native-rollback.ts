import type { StackRollback } from '../model/stack.js';
import type { RunScope } from './mode.js';
import { stackLog } from './stack-log.js';

/**
 * Before rolling back: every update still inside its monitoring window is cancelled, so that
 * CloudFormation rolls it back to the previous physical resources, which it has not cleaned up
 * yet (cheaper and faster than deploying the captured template again). Returns the stacks that
 * CloudFormation rolls back (cancelled now, or a rollback trigger fired first).
 */
export async function cancelMonitoredUpdates(scope: RunScope): Promise<Set<string>> {
  const { run, context, settings } = scope;
  const native = new Set<string>();
  if (!settings.rollback) return native;
  const open = run.stacks.filter(
    (s) =>
      s.executed && s.stackArn && s.monitoringUntil && Date.parse(s.monitoringUntil) > Date.now(),
  );
  await Promise.all(
    open.map(async (stack) => {
      const artifact = run.artifacts.get(stack.id);
      if (!artifact || !stack.stackArn) return;
      const log = stackLog(run, stack);
      try {
        const result = await context.engine.cancelUpdate(artifact, stack.stackArn);
        if (result.outcome === 'cancelled') {
          native.add(stack.id);
          log(
            'info',
            'Update cancelled within its monitoring window: CloudFormation rolls it back',
          );
        } else if (result.status?.startsWith('UPDATE_ROLLBACK')) {
          native.add(stack.id);
          log('info', `CloudFormation is already rolling the update back (${result.status})`);
        } else {
          log('info', `The monitoring window is over (${result.status ?? 'no stack'}): restoring`);
        }
      } catch (error) {
        log('warning', `Could not cancel the update: ${(error as Error).message}; restoring`);
      }
    }),
  );
  return native;
}

function pathOf(
  rollback: StackRollback,
  cancelled: boolean,
  changedBefore: boolean,
): NonNullable<StackRollback['path']> {
  if (cancelled) return 'native';
  if (rollback.action === 'restore-template') return 'restore';
  if (rollback.action === 'delete') return 'delete';
  // A changed stack left alone with success: CloudFormation had rolled the update back itself.
  if (rollback.action === 'none' && rollback.succeeded && changedBefore) return 'native';
  return 'none';
}

/** Says on each stack's rollback which way it went back: native, restore, delete or none. */
export function recordRollbackPaths(scope: RunScope, native: ReadonlySet<string>): void {
  for (const stack of scope.run.stacks) {
    if (!stack.rollback) continue;
    const changedBefore = stack.executed && !stack.noOp && (stack.previousState?.existed ?? false);
    stack.rollback = {
      ...stack.rollback,
      path: pathOf(stack.rollback, native.has(stack.id), changedBefore),
    };
  }
}

import type { Change, Stack as CfnStack } from '@aws-sdk/client-cloudformation';
import { lookInterval } from '../util/sleep.js';
import { describeStack } from './describe-stack.js';
import type { StackCall } from './stack-call.js';
import { logEvent, StackEventStream } from './stack-events.js';
import { classifyStatus } from './stack-status.js';
import { stackTimeoutError } from './stack-timeouts.js';

export interface MonitoredWait {
  readonly stack: CfnStack | undefined;
  readonly failureReasons: readonly string[];
  /** Set when the stack is in its monitoring window: when the window ends (ISO 8601). */
  readonly monitoringUntil?: string;
}

/** The resources a change set creates or updates: each ends with a *_COMPLETE event. */
function changedResources(changes: readonly Change[]): Set<string> {
  return new Set(
    changes.flatMap((c) => {
      const action = c.ResourceChange?.Action;
      const id = c.ResourceChange?.LogicalResourceId;
      return id && (action === 'Add' || action === 'Modify' || action === 'Import') ? [id] : [];
    }),
  );
}

/**
 * Waits for an update executed with a monitoring window until its resources are done rather
 * than until the stack settles: CloudFormation keeps the stack UPDATE_IN_PROGRESS for the whole
 * window (old resources are cleaned up only afterwards), and no stack event marks where the
 * window starts. The resources count as done once every resource the change set adds or modifies
 * has a CREATE_COMPLETE or UPDATE_COMPLETE event of this operation. A stack that settles first
 * (a failure, a rollback, or the window over) is returned as settled. Bounded by stack-timeout.
 */
export async function waitForResourcesDone(
  call: StackCall,
  stackId: string,
  since: Date,
  changes: readonly Change[],
  monitoringMinutes: number,
): Promise<MonitoredWait> {
  const { client } = call.target;
  const events = new StackEventStream(client, stackId, since);
  const pending = changedResources(changes);
  const failureReasons: string[] = [];
  const started = call.waits.now();
  const deadline = call.waits.now() + (call.waits.stackTimeoutMs ?? Number.POSITIVE_INFINITY);
  for (;;) {
    const stack = await describeStack(client, stackId);
    for (const event of await events.next()) {
      logEvent(call.log, event);
      const status = event.ResourceStatus ?? '';
      const id = event.LogicalResourceId ?? '';
      if (status.endsWith('_FAILED') && event.ResourceStatusReason) {
        failureReasons.push(`${id}: ${event.ResourceStatusReason}`);
      }
      if (status === 'CREATE_COMPLETE' || status === 'UPDATE_COMPLETE') pending.delete(id);
    }
    const status = stack?.StackStatus ?? '';
    if (!stack || classifyStatus(status) !== 'in-progress') return { stack, failureReasons };
    if (status === 'UPDATE_IN_PROGRESS' && pending.size === 0 && failureReasons.length === 0) {
      const until = new Date(call.waits.now() + monitoringMinutes * 60_000).toISOString();
      call.log('info', `Every changed resource is done; CloudFormation monitors until ${until}`);
      return { stack, failureReasons, monitoringUntil: until };
    }
    const left = deadline - call.waits.now();
    if (left <= 0) {
      throw await stackTimeoutError(
        client,
        call.artifact.stackName,
        stack,
        call.waits.stackTimeoutMs ?? 0,
        (message) => call.log('warning', message),
      );
    }
    await call.waits.sleep(Math.min(lookInterval(call.waits.now() - started), left));
  }
}

import type {
  CloudFormationClient,
  Stack as CfnStack,
  StackEvent,
} from '@aws-sdk/client-cloudformation';
import { describeStack } from './describe-stack.js';
import { pollDelays, type Sleep } from '../util/sleep.js';
import { StackEventStream } from './stack-events.js';
import { classifyStatus } from './stack-status.js';

export interface WaitOptions {
  readonly client: CloudFormationClient;
  readonly stackId: string;
  readonly since: Date;
  readonly sleep: Sleep;
  readonly onEvent: (event: StackEvent) => void;
  /** Gives up this long after the wait started (ms); no bound when omitted. */
  readonly timeoutMs?: number;
  /** The clock the timeout is measured on (ms); Date.now by default. */
  readonly now?: () => number;
}

export interface WaitResult {
  readonly stack: CfnStack | undefined;
  readonly failureReasons: readonly string[];
  /** True when the timeout ran out with the stack still in progress. */
  readonly timedOut: boolean;
}

/**
 * Waits until the stack leaves every *_IN_PROGRESS status, streaming its new events. Returns the
 * final stack (undefined once deleted) and the reasons of failed resource events, oldest first;
 * or, when the timeout runs out first, the stack as last seen, still in progress.
 */
export async function waitForStack(options: WaitOptions): Promise<WaitResult> {
  const events = new StackEventStream(options.client, options.stackId, options.since);
  const failureReasons: string[] = [];
  const delays = pollDelays();
  const now = options.now ?? Date.now;
  const deadline = now() + (options.timeoutMs ?? Number.POSITIVE_INFINITY);
  for (;;) {
    const stack = await describeStack(options.client, options.stackId);
    for (const event of await events.next()) {
      options.onEvent(event);
      if (event.ResourceStatus?.endsWith('_FAILED') && event.ResourceStatusReason) {
        failureReasons.push(`${event.LogicalResourceId ?? ''}: ${event.ResourceStatusReason}`);
      }
    }
    if (!stack || classifyStatus(stack.StackStatus ?? '') !== 'in-progress') {
      return { stack, failureReasons, timedOut: false };
    }
    const left = deadline - now();
    if (left <= 0) return { stack, failureReasons, timedOut: true };
    // The last sleep ends at the deadline, so the final look is taken right then.
    await options.sleep(Math.min(delays.next().value as number, left));
  }
}

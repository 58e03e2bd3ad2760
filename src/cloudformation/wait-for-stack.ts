import type {
  CloudFormationClient,
  Stack as CfnStack,
  StackEvent,
} from '@aws-sdk/client-cloudformation';
import { describeStack } from './describe-stack.js';
import { lookInterval, type Sleep } from '../util/sleep.js';
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

/** Every this many looks, the stack itself is read too, whatever its events say. */
const DESCRIBE_EVERY = 30;

/**
 * Waits until the stack leaves every *_IN_PROGRESS status, streaming its new events. Each look
 * is one DescribeStackEvents call for the new events only; the stack itself (DescribeStacks) is
 * read when its own newest event shows it finished, when no event of its own was seen yet, and
 * every thirtieth look. Looks come every second, every 1.5 s once the wait has lasted 20 s. Returns the final stack (undefined once deleted) and the reasons of failed
 * resource events, oldest first; or, when the timeout runs out first, the stack as last seen,
 * still in progress.
 */
export async function waitForStack(options: WaitOptions): Promise<WaitResult> {
  const events = new StackEventStream(options.client, options.stackId, options.since);
  const failureReasons: string[] = [];
  const now = options.now ?? Date.now;
  const started = now();
  const deadline = started + (options.timeoutMs ?? Number.POSITIVE_INFINITY);
  let stack: CfnStack | undefined;
  for (let look = 1; ; look++) {
    for (const event of await events.next()) {
      options.onEvent(event);
      if (event.ResourceStatus?.endsWith('_FAILED') && event.ResourceStatusReason) {
        failureReasons.push(`${event.LogicalResourceId ?? ''}: ${event.ResourceStatusReason}`);
      }
    }
    const shown = events.stackStatus;
    const left = deadline - now();
    if (
      shown === undefined ||
      classifyStatus(shown) !== 'in-progress' ||
      look % DESCRIBE_EVERY === 0 ||
      left <= 0
    ) {
      stack = await describeStack(options.client, options.stackId);
      if (!stack || classifyStatus(stack.StackStatus ?? '') !== 'in-progress') {
        return { stack, failureReasons, timedOut: false };
      }
    }
    if (left <= 0) return { stack, failureReasons, timedOut: true };
    // The last sleep ends at the deadline, so the final look is taken right then.
    await options.sleep(Math.min(lookInterval(now() - started), left));
  }
}

import type {
  CloudFormationClient,
  Stack as CfnStack,
  StackEvent,
} from '@aws-sdk/client-cloudformation';
import { describeStack } from './describe-stack.js';
import { pollDelays, type Sleep } from './polling.js';
import { StackEventStream } from './stack-events.js';
import { classifyStatus } from './stack-status.js';

export interface WaitOptions {
  readonly client: CloudFormationClient;
  readonly stackId: string;
  readonly since: Date;
  readonly sleep: Sleep;
  readonly onEvent: (event: StackEvent) => void;
}

export interface WaitResult {
  readonly stack: CfnStack | undefined;
  readonly failureReasons: readonly string[];
}

/**
 * Waits until the stack leaves every *_IN_PROGRESS status, streaming its new events. Returns the
 * final stack (undefined once deleted) and the reasons of failed resource events, oldest first.
 */
export async function waitForStack(options: WaitOptions): Promise<WaitResult> {
  const events = new StackEventStream(options.client, options.stackId, options.since);
  const failureReasons: string[] = [];
  const delays = pollDelays();
  for (;;) {
    const stack = await describeStack(options.client, options.stackId);
    for (const event of await events.next()) {
      options.onEvent(event);
      if (event.ResourceStatus?.endsWith('_FAILED') && event.ResourceStatusReason) {
        failureReasons.push(`${event.LogicalResourceId ?? ''}: ${event.ResourceStatusReason}`);
      }
    }
    if (!stack || classifyStatus(stack.StackStatus ?? '') !== 'in-progress') {
      return { stack, failureReasons };
    }
    await options.sleep(delays.next().value as number);
  }
}

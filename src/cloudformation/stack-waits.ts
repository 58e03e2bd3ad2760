import type { Stack as CfnStack } from '@aws-sdk/client-cloudformation';
import { formatTimeout } from '../util/durations.js';
import { describeStack } from './describe-stack.js';
import type { StackCall } from './stack-call.js';
import { logEvent } from './stack-events.js';
import { classifyStatus } from './stack-status.js';
import { busyStackError, stackTimeoutError } from './stack-timeouts.js';
import { waitForStack, type WaitResult } from './wait-for-stack.js';

/** Waits for the stack to leave every *_IN_PROGRESS status, its events streamed into the log. */
export function waitFor(
  call: StackCall,
  stackId: string,
  since: Date,
  timeoutMs: number | undefined,
): Promise<WaitResult> {
  return waitForStack({
    client: call.target.client,
    stackId,
    since,
    sleep: call.waits.sleep,
    onEvent: (event) => logEvent(call.log, event),
    timeoutMs,
    now: call.waits.now,
  });
}

/** Waits for this run's own operation, at most stack-timeout, then fails the stack. */
export async function waitForOwn(
  call: StackCall,
  stackId: string,
  since: Date,
): Promise<WaitResult> {
  const waited = await waitFor(call, stackId, since, call.waits.stackTimeoutMs);
  if (!waited.timedOut) return waited;
  throw await stackTimeoutError(
    call.target.client,
    call.artifact.stackName,
    waited.stack,
    call.waits.stackTimeoutMs ?? 0,
    (message) => call.log('warning', message),
  );
}

/**
 * The stack as it is, once no other operation is changing it: a stack in progress is waited on
 * for at most busy-stack-timeout (then the stack fails, left as it is). `before` names what waits.
 */
export async function settledStack(call: StackCall, before: string): Promise<CfnStack | undefined> {
  const name = call.artifact.stackName;
  const existing = await describeStack(call.target.client, name);
  if (!existing || classifyStatus(existing.StackStatus ?? '') !== 'in-progress') return existing;
  const bound = call.waits.busyStackTimeoutMs;
  call.log(
    'info',
    `Stack is ${existing.StackStatus}; waiting${bound === undefined ? '' : ` up to ${formatTimeout(bound)}`} for it to finish before ${before}`,
  );
  const waited = await waitFor(call, existing.StackId ?? name, new Date(), bound);
  if (waited.timedOut) throw busyStackError(name, waited.stack, bound ?? 0);
  return waited.stack;
}

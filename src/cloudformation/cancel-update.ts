import {
  CancelUpdateStackCommand,
  type CloudFormationClient,
} from '@aws-sdk/client-cloudformation';
import { describeStack } from './describe-stack.js';
import type { CancelUpdateResult } from './engine.js';

/**
 * Asks CloudFormation to cancel the stack's update, which it then rolls back. Only an update in
 * progress can be cancelled; a create or delete runs on, and the answer says so.
 */
export async function cancelUpdate(
  client: CloudFormationClient,
  stackId: string,
): Promise<CancelUpdateResult> {
  const stack = await describeStack(client, stackId);
  const status = stack?.StackStatus ?? null;
  if (status !== 'UPDATE_IN_PROGRESS') return { outcome: 'not-cancellable', status };
  try {
    await client.send(new CancelUpdateStackCommand({ StackName: stackId }));
    return { outcome: 'cancelled' };
  } catch (error) {
    // The update finished between the two calls.
    if ((error as { name?: string }).name === 'ValidationError') {
      const now = await describeStack(client, stackId);
      return { outcome: 'not-cancellable', status: now?.StackStatus ?? null };
    }
    throw error;
  }
}

import {
  type Capability,
  type Change,
  type CloudFormationClient,
  CreateChangeSetCommand,
  type CreateChangeSetCommandInput,
  DeleteChangeSetCommand,
  DescribeChangeSetCommand,
  type DescribeChangeSetCommandOutput,
  ExecuteChangeSetCommand,
} from '@aws-sdk/client-cloudformation';
import { lookInterval, type Sleep } from '../util/sleep.js';

export const CAPABILITIES: Capability[] = [
  'CAPABILITY_IAM',
  'CAPABILITY_NAMED_IAM',
  'CAPABILITY_AUTO_EXPAND',
];

export interface ChangeSetSummary {
  readonly arn: string;
  readonly stackId: string;
  readonly status: 'ready' | 'empty' | 'failed';
  readonly reason: string;
  readonly changes: readonly Change[];
}

const NO_CHANGES = [
  "The submitted information didn't contain changes",
  'No updates are to be performed',
];

export function isEmptyChangeSetReason(reason: string): boolean {
  return NO_CHANGES.some((text) => reason.includes(text));
}

export async function createChangeSet(
  client: CloudFormationClient,
  input: CreateChangeSetCommandInput,
): Promise<{ arn: string; stackId: string }> {
  const created = await client.send(new CreateChangeSetCommand(input));
  if (!created.Id || !created.StackId) {
    throw new Error(`CreateChangeSet for ${input.StackName} returned no change set id`);
  }
  return { arn: created.Id, stackId: created.StackId };
}

/** Waits until the change set is created or failed, and gathers all pages of its changes. */
export async function describeChangeSet(
  client: CloudFormationClient,
  arn: string,
  stackId: string,
  sleep: Sleep,
): Promise<ChangeSetSummary> {
  let first: DescribeChangeSetCommandOutput;
  const started = Date.now();
  for (;;) {
    first = await client.send(new DescribeChangeSetCommand({ ChangeSetName: arn }));
    const status = first.Status ?? '';
    if (status === 'CREATE_COMPLETE' || status === 'FAILED' || status === 'DELETE_COMPLETE') break;
    await sleep(lookInterval(Date.now() - started));
  }
  const reason = first.StatusReason ?? '';
  if (first.Status !== 'CREATE_COMPLETE') {
    const status = isEmptyChangeSetReason(reason) ? 'empty' : 'failed';
    return { arn, stackId, status, reason, changes: [] };
  }
  const changes = [...(first.Changes ?? [])];
  for (let token = first.NextToken; token;) {
    const page = await client.send(
      new DescribeChangeSetCommand({ ChangeSetName: arn, NextToken: token }),
    );
    changes.push(...(page.Changes ?? []));
    token = page.NextToken;
  }
  const status = changes.length === 0 && first.ExecutionStatus !== 'AVAILABLE' ? 'empty' : 'ready';
  return { arn, stackId, status, reason, changes };
}

export async function executeChangeSet(
  client: CloudFormationClient,
  arn: string,
  requestToken: string,
): Promise<void> {
  await client.send(
    new ExecuteChangeSetCommand({ ChangeSetName: arn, ClientRequestToken: requestToken }),
  );
}

export async function deleteChangeSet(client: CloudFormationClient, arn: string): Promise<void> {
  await client.send(new DeleteChangeSetCommand({ ChangeSetName: arn }));
}

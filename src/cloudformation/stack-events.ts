import {
  type CloudFormationClient,
  DescribeStackEventsCommand,
  type StackEvent,
} from '@aws-sdk/client-cloudformation';
import type { StackLog } from './engine.js';

/**
 * Reads a stack's events as they come, oldest first, fetching pages only until the last event
 * already seen, so each poll costs one call in the common case.
 */
export class StackEventStream {
  private lastSeenId: string | undefined;
  private newestStackStatus: string | undefined;

  constructor(
    private readonly client: CloudFormationClient,
    private readonly stackId: string,
    private readonly since: Date,
  ) {}

  async next(): Promise<StackEvent[]> {
    const fresh: StackEvent[] = [];
    let newestOwn: StackEvent | undefined;
    let token: string | undefined;
    pages: do {
      const page = await this.client.send(
        new DescribeStackEventsCommand({ StackName: this.stackId, NextToken: token }),
      );
      for (const event of page.StackEvents ?? []) {
        if (event.EventId === this.lastSeenId) break pages;
        // The stack's own newest event tells its status, also when it is older than `since`
        // (an operation that ended between the caller's last look and this wait).
        newestOwn ??= isOwnEvent(event) ? event : undefined;
        if (event.Timestamp && event.Timestamp < this.since) break pages;
        fresh.push(event);
      }
      token = page.NextToken;
    } while (token);
    if (newestOwn) this.newestStackStatus = newestOwn.ResourceStatus;
    fresh.reverse();
    const newest = fresh.at(-1);
    if (newest?.EventId) this.lastSeenId = newest.EventId;
    return fresh;
  }

  /** The status the stack's own newest event read so far shows; undefined before one was read. */
  get stackStatus(): string | undefined {
    return this.newestStackStatus;
  }
}

/** An event of the stack itself, not of one of its resources (nor of a nested stack). */
function isOwnEvent(event: StackEvent): boolean {
  return (
    event.ResourceType === 'AWS::CloudFormation::Stack' &&
    event.PhysicalResourceId !== undefined &&
    event.PhysicalResourceId === event.StackId
  );
}

/** `UPDATE_COMPLETE AWS::SQS::Queue Queue (reason)`. */
export function eventLine(event: StackEvent): string {
  const reason = event.ResourceStatusReason ? ` (${event.ResourceStatusReason})` : '';
  return `${event.ResourceStatus ?? ''} ${event.ResourceType ?? ''} ${event.LogicalResourceId ?? ''}${reason}`;
}

/** An event into the stack's log: failures as errors, the rest as progress. */
export function logEvent(log: StackLog, event: StackEvent): void {
  const failed = (event.ResourceStatus ?? '').endsWith('_FAILED');
  log(failed ? 'error' : 'info', eventLine(event), event.LogicalResourceId);
}

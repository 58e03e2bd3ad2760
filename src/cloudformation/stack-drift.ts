import {
  type CloudFormationClient,
  DescribeStackDriftDetectionStatusCommand,
  DescribeStackResourceDriftsCommand,
  DetectStackDriftCommand,
  type StackResourceDrift,
} from '@aws-sdk/client-cloudformation';
import { lookInterval, type Sleep } from '../util/sleep.js';
import type { DriftedResource, DriftReport } from './engine.js';

function differencesOf(drift: StackResourceDrift): string[] {
  return (drift.PropertyDifferences ?? []).map(
    (d) => `${d.PropertyPath ?? ''}: ${d.ExpectedValue ?? ''} -> ${d.ActualValue ?? ''}`,
  );
}

async function driftedResources(
  client: CloudFormationClient,
  stackId: string,
): Promise<DriftedResource[]> {
  const drifted: DriftedResource[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(
      new DescribeStackResourceDriftsCommand({
        StackName: stackId,
        StackResourceDriftStatusFilters: ['MODIFIED', 'DELETED'],
        ...(token ? { NextToken: token } : {}),
      }),
    );
    for (const drift of page.StackResourceDrifts ?? []) {
      drifted.push({
        logicalId: drift.LogicalResourceId ?? '',
        resourceType: drift.ResourceType ?? '',
        status: drift.StackResourceDriftStatus ?? '',
        differences: differencesOf(drift),
      });
    }
    token = page.NextToken;
  } while (token);
  return drifted;
}

/**
 * Detects drift on one stack: DetectStackDrift, then DescribeStackDriftDetectionStatus until it
 * is done, then the drifted resources (DescribeStackResourceDrifts, MODIFIED and DELETED).
 */
export async function detectStackDrift(
  client: CloudFormationClient,
  stackId: string,
  sleep: Sleep,
): Promise<DriftReport> {
  const { StackDriftDetectionId: id } = await client.send(
    new DetectStackDriftCommand({ StackName: stackId }),
  );
  const started = Date.now();
  for (;;) {
    const status = await client.send(
      new DescribeStackDriftDetectionStatusCommand({ StackDriftDetectionId: id }),
    );
    if (status.DetectionStatus === 'DETECTION_IN_PROGRESS') {
      await sleep(lookInterval(Date.now() - started));
      continue;
    }
    if (status.DetectionStatus === 'DETECTION_FAILED' && status.StackDriftStatus !== 'DRIFTED') {
      return { status: 'UNKNOWN', drifted: [], reason: status.DetectionStatusReason ?? '' };
    }
    const drifted =
      status.StackDriftStatus === 'DRIFTED' ? await driftedResources(client, stackId) : [];
    return {
      status: status.StackDriftStatus ?? 'UNKNOWN',
      drifted,
      reason: status.DetectionStatusReason ?? '',
    };
  }
}

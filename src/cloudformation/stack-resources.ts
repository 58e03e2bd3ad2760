import {
  type CloudFormationClient,
  ListStackResourcesCommand,
  type StackResourceSummary,
} from '@aws-sdk/client-cloudformation';
import type { CloudFormationTemplate } from '../assembly/stack-artifact.js';
import type { ResourceDescription } from '../model/resource.js';

export async function listStackResources(
  client: CloudFormationClient,
  stackId: string,
): Promise<StackResourceSummary[]> {
  const summaries: StackResourceSummary[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(
      new ListStackResourcesCommand({ StackName: stackId, NextToken: token }),
    );
    summaries.push(...(page.StackResourceSummaries ?? []));
    token = page.NextToken;
  } while (token);
  return summaries;
}

/** Tags in a template, in either of CloudFormation's shapes: a list of Key/Value or a map. */
export function templateTags(
  properties: Record<string, unknown> | undefined,
): Record<string, string> {
  const tags = properties?.Tags;
  const result: Record<string, string> = {};
  if (Array.isArray(tags)) {
    for (const tag of tags as { Key?: unknown; Value?: unknown }[]) {
      if (typeof tag.Key === 'string')
        result[tag.Key] = typeof tag.Value === 'string' ? tag.Value : JSON.stringify(tag.Value);
    }
  } else if (tags && typeof tags === 'object') {
    for (const [key, value] of Object.entries(tags as Record<string, unknown>)) {
      result[key] = typeof value === 'string' ? value : JSON.stringify(value);
    }
  }
  return result;
}

/**
 * The resources CloudFormation reports for a stack, each with its properties as the template
 * declares them and its tags: the template's own over the stack's, which CloudFormation
 * propagates to taggable resources.
 */
export function describeResources(
  stackName: string,
  summaries: readonly StackResourceSummary[],
  template: CloudFormationTemplate,
  stackTags: Readonly<Record<string, string>>,
): ResourceDescription[] {
  const declared = template.Resources ?? {};
  return summaries
    .filter((summary) => summary.LogicalResourceId)
    .map((summary) => {
      const logicalId = summary.LogicalResourceId as string;
      const properties = declared[logicalId]?.Properties ?? {};
      return {
        stackName,
        logicalId,
        resourceType: summary.ResourceType ?? declared[logicalId]?.Type ?? 'unknown',
        physicalId: summary.PhysicalResourceId ?? '',
        properties,
        tags: { ...stackTags, ...templateTags(properties) },
        cloudformationStatus: summary.ResourceStatus ?? null,
      };
    });
}

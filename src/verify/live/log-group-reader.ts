import type { LogGroup } from '@aws-sdk/client-cloudwatch-logs';
import { ResourceNotFoundError } from './read-errors.js';
import { definedOnly } from './live-values.js';
import { type ServiceClients, withRetries } from './service-clients.js';
import type { TypeReader } from './type-reader.js';

function logs(clients: ServiceClients) {
  return clients.get(
    'logs',
    () => import('@aws-sdk/client-cloudwatch-logs'),
    (sdk, config) => new sdk.CloudWatchLogsClient(withRetries(config)),
  );
}

/** `AWS::Logs::LogGroup`, physical id = log group name. */
export const logGroupReader: TypeReader = {
  resourceType: 'AWS::Logs::LogGroup',
  async read({ physicalId: logGroupName }, clients) {
    const { sdk, client } = await logs(clients);
    // DescribeLogGroups only searches by prefix: page until the exact name shows up.
    let group: LogGroup | undefined;
    let nextToken: string | undefined;
    do {
      const page = await client.send(
        new sdk.DescribeLogGroupsCommand({ logGroupNamePrefix: logGroupName, nextToken }),
      );
      group = page.logGroups?.find((g) => g.logGroupName === logGroupName);
      nextToken = page.nextToken;
    } while (!group && nextToken);
    if (!group)
      throw new ResourceNotFoundError(`DescribeLogGroups lists no group named ${logGroupName}`);

    // `arn` ends in ":*"; the tagging API wants the ARN without it.
    const arn = group.logGroupArn ?? group.arn?.replace(/:\*$/, '');
    const { tags } = arn
      ? await client.send(new sdk.ListTagsForResourceCommand({ resourceArn: arn }))
      : await client.send(new sdk.ListTagsLogGroupCommand({ logGroupName }));
    return {
      properties: definedOnly({
        LogGroupName: group.logGroupName,
        RetentionInDays: group.retentionInDays,
        KmsKeyId: group.kmsKeyId,
      }),
      tags: { ...tags },
    };
  },
};

import type { TableDescription } from '@aws-sdk/client-dynamodb';
import { definedOnly, tagsFromList } from './live-values.js';
import { type ServiceClients, withRetries } from './service-clients.js';
import type { TypeReader } from './type-reader.js';

function dynamodb(clients: ServiceClients) {
  return clients.get(
    'dynamodb',
    () => import('@aws-sdk/client-dynamodb'),
    (sdk, config) => new sdk.DynamoDBClient(withRetries(config)),
  );
}

/** Tables created before on-demand billing existed have no billing summary: provisioned. */
function billingMode(table: TableDescription): string {
  return table.BillingModeSummary?.BillingMode ?? 'PROVISIONED';
}

function sseSpecification(table: TableDescription): unknown {
  const sse = table.SSEDescription;
  // Without a description the table is encrypted with an AWS owned key: CloudFormation's default.
  if (!sse) return { SSEEnabled: false };
  return definedOnly({
    SSEEnabled: sse.Status === 'ENABLED' || sse.Status === 'ENABLING',
    SSEType: sse.SSEType,
    KMSMasterKeyId: sse.KMSMasterKeyArn,
  });
}

/** `AWS::DynamoDB::Table`, physical id = table name. */
export const dynamodbTableReader: TypeReader = {
  resourceType: 'AWS::DynamoDB::Table',
  async read({ physicalId: TableName }, clients) {
    const { sdk, client } = await dynamodb(clients);
    const { Table: table = {} } = await client.send(new sdk.DescribeTableCommand({ TableName }));
    const [backups, tags] = await Promise.all([
      client.send(new sdk.DescribeContinuousBackupsCommand({ TableName })),
      (async () => {
        const list = [];
        let NextToken: string | undefined;
        do {
          const page = await client.send(
            new sdk.ListTagsOfResourceCommand({ ResourceArn: table.TableArn, NextToken }),
          );
          list.push(...(page.Tags ?? []));
          NextToken = page.NextToken;
        } while (NextToken);
        return list;
      })(),
    ]);
    const mode = billingMode(table);
    const throughput = table.ProvisionedThroughput;
    const stream = table.StreamSpecification;
    const pitr =
      backups.ContinuousBackupsDescription?.PointInTimeRecoveryDescription
        ?.PointInTimeRecoveryStatus;
    return {
      properties: definedOnly({
        TableName: table.TableName ?? TableName,
        BillingMode: mode,
        KeySchema: table.KeySchema?.map(({ AttributeName, KeyType }) => ({
          AttributeName,
          KeyType,
        })),
        AttributeDefinitions: table.AttributeDefinitions?.map(
          ({ AttributeName, AttributeType }) => ({ AttributeName, AttributeType }),
        ),
        ProvisionedThroughput:
          mode === 'PROVISIONED' && throughput
            ? {
                ReadCapacityUnits: throughput.ReadCapacityUnits,
                WriteCapacityUnits: throughput.WriteCapacityUnits,
              }
            : undefined,
        SSESpecification: sseSpecification(table),
        StreamSpecification: stream?.StreamEnabled
          ? { StreamViewType: stream.StreamViewType }
          : undefined,
        TableClass: table.TableClassSummary?.TableClass,
        PointInTimeRecoverySpecification: pitr
          ? { PointInTimeRecoveryEnabled: pitr === 'ENABLED' }
          : undefined,
      }),
      tags: tagsFromList(tags),
    };
  },
};

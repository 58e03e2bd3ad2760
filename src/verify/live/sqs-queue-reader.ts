import { arnLastPart, booleanOf, definedOnly, jsonOf, numberOf } from './live-values.js';
import { endpointConfigured, type ServiceClients, withRetries } from './service-clients.js';
import type { TypeReader } from './type-reader.js';

function sqs(clients: ServiceClients) {
  return clients.get(
    'sqs',
    () => import('@aws-sdk/client-sqs'),
    // By default the SDK sends to the queue URL's host; with a configured endpoint (an emulator
    // answers AWS-style URLs) requests must go to that endpoint instead.
    (sdk, config) =>
      new sdk.SQSClient({
        ...withRetries(config),
        useQueueUrlAsEndpoint: !endpointConfigured('SQS'),
      }),
  );
}

/** A redrive policy as CloudFormation declares it: `maxReceiveCount` a number. */
function redrivePolicy(value: string | undefined): unknown {
  const policy = jsonOf(value);
  if (typeof policy !== 'object' || policy === null) return policy;
  const { maxReceiveCount } = policy as Record<string, unknown>;
  return typeof maxReceiveCount === 'string' && numberOf(maxReceiveCount) !== undefined
    ? { ...policy, maxReceiveCount: numberOf(maxReceiveCount) }
    : policy;
}

/** `AWS::SQS::Queue`, physical id = queue URL. */
export const sqsQueueReader: TypeReader = {
  resourceType: 'AWS::SQS::Queue',
  async read({ physicalId: QueueUrl }, clients) {
    const { sdk, client } = await sqs(clients);
    const { Attributes: attributes = {} } = await client.send(
      new sdk.GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['All'] }),
    );
    const { Tags } = await client.send(new sdk.ListQueueTagsCommand({ QueueUrl }));
    const a = attributes as Record<string, string | undefined>;
    return {
      properties: definedOnly({
        QueueName: a.QueueArn ? arnLastPart(a.QueueArn) : QueueUrl.split('/').pop(),
        VisibilityTimeout: numberOf(a.VisibilityTimeout),
        MessageRetentionPeriod: numberOf(a.MessageRetentionPeriod),
        DelaySeconds: numberOf(a.DelaySeconds),
        MaximumMessageSize: numberOf(a.MaximumMessageSize),
        ReceiveMessageWaitTimeSeconds: numberOf(a.ReceiveMessageWaitTimeSeconds),
        FifoQueue: booleanOf(a.FifoQueue),
        ContentBasedDeduplication: booleanOf(a.ContentBasedDeduplication),
        KmsMasterKeyId: a.KmsMasterKeyId || undefined,
        SqsManagedSseEnabled: booleanOf(a.SqsManagedSseEnabled),
        RedrivePolicy: redrivePolicy(a.RedrivePolicy),
      }),
      tags: { ...Tags },
    };
  },
};

import { arnLastPart, booleanOf, definedOnly, tagsFromList } from './live-values.js';
import { type ServiceClients, withRetries } from './service-clients.js';
import type { TypeReader } from './type-reader.js';

function sns(clients: ServiceClients) {
  return clients.get(
    'sns',
    () => import('@aws-sdk/client-sns'),
    (sdk, config) => new sdk.SNSClient(withRetries(config)),
  );
}

/** `AWS::SNS::Topic`, physical id = topic ARN. */
export const snsTopicReader: TypeReader = {
  resourceType: 'AWS::SNS::Topic',
  async read({ physicalId: TopicArn }, clients) {
    const { sdk, client } = await sns(clients);
    const { Attributes: attributes = {} } = await client.send(
      new sdk.GetTopicAttributesCommand({ TopicArn }),
    );
    const { Tags } = await client.send(
      new sdk.ListTagsForResourceCommand({ ResourceArn: TopicArn }),
    );
    const a = attributes as Record<string, string | undefined>;
    return {
      properties: definedOnly({
        TopicName: arnLastPart(a.TopicArn ?? TopicArn),
        // SNS answers "" for a topic without a display name.
        DisplayName: a.DisplayName || undefined,
        KmsMasterKeyId: a.KmsMasterKeyId || undefined,
        FifoTopic: booleanOf(a.FifoTopic),
        ContentBasedDeduplication: booleanOf(a.ContentBasedDeduplication),
      }),
      tags: tagsFromList(Tags),
    };
  },
};

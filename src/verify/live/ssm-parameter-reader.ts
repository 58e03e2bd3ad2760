import type { Tag } from '@aws-sdk/client-ssm';
import { definedOnly, tagsFromList } from './live-values.js';
import { type ServiceClients, withRetries } from './service-clients.js';
import type { TypeReader } from './type-reader.js';

function ssm(clients: ServiceClients) {
  return clients.get(
    'ssm',
    () => import('@aws-sdk/client-ssm'),
    (sdk, config) => new sdk.SSMClient(withRetries(config)),
  );
}

/** `AWS::SSM::Parameter`, physical id = parameter name. */
export const ssmParameterReader: TypeReader = {
  resourceType: 'AWS::SSM::Parameter',
  async read({ physicalId: Name }, clients) {
    const { sdk, client } = await ssm(clients);
    const { Parameter: p } = await client.send(new sdk.GetParameterCommand({ Name }));
    const { TagList } = await client.send(
      new sdk.ListTagsForResourceCommand({ ResourceType: 'Parameter', ResourceId: Name }),
    );
    return {
      properties: definedOnly({
        Name: p?.Name ?? Name,
        Type: p?.Type,
        Value: p?.Value,
        DataType: p?.DataType,
      }),
      tags: tagsFromList(TagList satisfies Tag[] | undefined),
    };
  },
};

import type { Tag } from '@aws-sdk/client-iam';
import { definedOnly, jsonOf, tagsFromList } from './live-values.js';
import { type ServiceClients, withRetries } from './service-clients.js';
import type { TypeReader } from './type-reader.js';

function iam(clients: ServiceClients) {
  // IAM is global; the SDK maps every region of a partition to that partition's IAM endpoint.
  return clients.get(
    'iam',
    () => import('@aws-sdk/client-iam'),
    (sdk, config) => new sdk.IAMClient(withRetries(config)),
  );
}

/** IAM answers policy documents URL-encoded. */
function policyDocument(encoded: string | undefined): unknown {
  if (encoded === undefined) return undefined;
  let decoded = encoded;
  try {
    decoded = decodeURIComponent(encoded);
  } catch {
    // Not URL-encoded (an emulator may answer the plain JSON).
  }
  return jsonOf(decoded);
}

/** `AWS::IAM::Role`, physical id = role name. */
export const iamRoleReader: TypeReader = {
  resourceType: 'AWS::IAM::Role',
  async read({ physicalId: RoleName }, clients) {
    const { sdk, client } = await iam(clients);
    const { Role: role } = await client.send(new sdk.GetRoleCommand({ RoleName }));
    const tags: Tag[] = [];
    let Marker: string | undefined;
    do {
      const page = await client.send(new sdk.ListRoleTagsCommand({ RoleName, Marker }));
      tags.push(...(page.Tags ?? []));
      Marker = page.IsTruncated ? page.Marker : undefined;
    } while (Marker);
    return {
      properties: definedOnly({
        RoleName: role?.RoleName ?? RoleName,
        Path: role?.Path,
        AssumeRolePolicyDocument: policyDocument(role?.AssumeRolePolicyDocument),
        MaxSessionDuration: role?.MaxSessionDuration,
        Description: role?.Description || undefined,
      }),
      tags: tagsFromList(tags),
    };
  },
};

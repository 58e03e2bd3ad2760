import type { GetBucketEncryptionCommandOutput } from '@aws-sdk/client-s3';
import { hasErrorName } from './read-errors.js';
import { definedOnly, tagsFromList } from './live-values.js';
import { endpointConfigured, type ServiceClients, withRetries } from './service-clients.js';
import type { TypeReader } from './type-reader.js';

function s3(clients: ServiceClients) {
  return clients.get(
    's3',
    () => import('@aws-sdk/client-s3'),
    (sdk, config) =>
      new sdk.S3Client({
        ...withRetries(config),
        // A configured endpoint (an emulator) does not resolve `<bucket>.<host>`: path-style URLs.
        forcePathStyle: endpointConfigured('S3'),
        // A bucket in another region than the target's is still read, not a 301 error.
        followRegionRedirects: true,
      }),
  );
}

/** S3's encryption rules in CloudFormation's `BucketEncryption` shape. */
function bucketEncryption(output: GetBucketEncryptionCommandOutput | undefined): unknown {
  const rules = output?.ServerSideEncryptionConfiguration?.Rules;
  if (!rules?.length) return undefined;
  return {
    ServerSideEncryptionConfiguration: rules.map((rule) => {
      const byDefault = rule.ApplyServerSideEncryptionByDefault;
      return definedOnly({
        ServerSideEncryptionByDefault: byDefault
          ? definedOnly({
              SSEAlgorithm: byDefault.SSEAlgorithm,
              KMSMasterKeyID: byDefault.KMSMasterKeyID,
            })
          : undefined,
        // Only when on: S3 reports `false` for buckets whose template never mentions it.
        BucketKeyEnabled: rule.BucketKeyEnabled === true ? true : undefined,
      });
    }),
  };
}

/** Answers undefined instead of throwing one of the errors S3 uses for "not configured". */
async function unlessNotConfigured<T>(
  call: Promise<T>,
  ...names: string[]
): Promise<T | undefined> {
  try {
    return await call;
  } catch (error) {
    if (hasErrorName(error, ...names)) return undefined;
    throw error;
  }
}

/** `AWS::S3::Bucket`, physical id = bucket name. */
export const s3BucketReader: TypeReader = {
  resourceType: 'AWS::S3::Bucket',
  async read({ physicalId: Bucket }, clients) {
    const { sdk, client } = await s3(clients);
    await client.send(new sdk.HeadBucketCommand({ Bucket }));
    const [encryption, versioning, tagging] = await Promise.all([
      unlessNotConfigured(
        client.send(new sdk.GetBucketEncryptionCommand({ Bucket })),
        'ServerSideEncryptionConfigurationNotFoundError',
      ),
      client.send(new sdk.GetBucketVersioningCommand({ Bucket })),
      unlessNotConfigured(client.send(new sdk.GetBucketTaggingCommand({ Bucket })), 'NoSuchTagSet'),
    ]);
    return {
      properties: definedOnly({
        BucketName: Bucket,
        BucketEncryption: bucketEncryption(encryption),
        VersioningConfiguration: versioning.Status ? { Status: versioning.Status } : undefined,
      }),
      tags: tagsFromList(tagging?.TagSet),
    };
  },
};

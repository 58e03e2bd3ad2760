import {
  DefaultAwsClient,
  type Account,
  type ClientOptions,
  type IECRClient,
  type IS3Client,
} from '@aws-cdk/cdk-assets-lib';
import {
  GetBucketEncryptionCommand,
  GetBucketLocationCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { fromNodeProviderChain, fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { Upload } from '@aws-sdk/lib-storage';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { CALL_NAMES, nameFailedAttempts } from '../aws/call-names.js';
import type { SdkRetrySettings } from '../aws/retry-policy.js';

/** As the CDK's: path-style S3 URLs when asked for, or for an endpoint on this machine. */
export function forceS3PathStyle(env: NodeJS.ProcessEnv = process.env): true | undefined {
  if (env.CDK_S3_FORCE_PATH_STYLE) return true;
  const endpoint = env.AWS_ENDPOINT_URL_S3 ?? env.AWS_ENDPOINT_URL;
  if (!endpoint) return undefined;
  let host: string;
  try {
    host = new URL(endpoint).hostname.replace(/^\[|\]$/g, '').toLowerCase();
  } catch {
    return undefined;
  }
  return host === 'localhost' || host.startsWith('127.') || host === '::1' ? true : undefined;
}

interface ClientConfig extends SdkRetrySettings {
  readonly region: string | undefined;
  readonly credentials: AwsCredentialIdentityProvider;
}

/**
 * cdk-assets' DefaultAwsClient (the default credentials, the file or image publishing role
 * assumed per destination) with the action's retry settings on its S3, ECR and STS clients, which
 * it offers no way to pass. The ECR client is loaded only when a run has image assets.
 */
export class AssetAws extends DefaultAwsClient {
  private readonly credentialChain = fromNodeProviderChain();
  private currentAccount: Promise<Account> | undefined;

  constructor(private readonly retrySettings: () => SdkRetrySettings) {
    super();
  }

  private clientConfig(options: ClientOptions = {}): ClientConfig {
    const settings = this.retrySettings();
    const credentials = options.assumeRoleArn
      ? fromTemporaryCredentials({
          masterCredentials: this.credentialChain,
          params: {
            RoleArn: options.assumeRoleArn,
            ExternalId: options.assumeRoleExternalId,
            RoleSessionName: `cdk-deploy-action-assets-${Date.now()}`,
            TransitiveTagKeys: options.assumeRoleAdditionalOptions?.Tags?.map((t) => t.Key ?? ''),
            ...options.assumeRoleAdditionalOptions,
          },
          clientConfig: { region: options.region, ...settings },
          clientPlugins: [CALL_NAMES],
        })
      : this.credentialChain;
    return { ...settings, region: options.region, credentials };
  }

  override async s3Client(options: ClientOptions): Promise<IS3Client> {
    const client = nameFailedAttempts(
      new S3Client({ ...this.clientConfig(options), forcePathStyle: forceS3PathStyle() }),
    );
    return {
      getBucketEncryption: (input) => client.send(new GetBucketEncryptionCommand(input)),
      getBucketLocation: (input) => client.send(new GetBucketLocationCommand(input)),
      listObjectsV2: (input) => client.send(new ListObjectsV2Command(input)),
      // Upload sends the file in buffered parts, so a failed part can be retried.
      upload: (input) => new Upload({ client, params: input }).done(),
    };
  }

  override async ecrClient(options: ClientOptions): Promise<IECRClient> {
    const {
      ECRClient,
      DescribeImagesCommand,
      DescribeRepositoriesCommand,
      GetAuthorizationTokenCommand,
    } = await import('@aws-sdk/client-ecr');
    const client = nameFailedAttempts(new ECRClient(this.clientConfig(options)));
    return {
      describeImages: (input) => client.send(new DescribeImagesCommand(input)),
      describeRepositories: (input) => client.send(new DescribeRepositoriesCommand(input)),
      getAuthorizationToken: (input) => client.send(new GetAuthorizationTokenCommand(input ?? {})),
    };
  }

  override async discoverPartition(): Promise<string> {
    return (await this.discoverCurrentAccount()).partition;
  }

  override discoverCurrentAccount(): Promise<Account> {
    if (!this.currentAccount) {
      const lookup = this.lookUpAccount(this.clientConfig());
      this.currentAccount = lookup;
      lookup.catch(() => {
        if (this.currentAccount === lookup) this.currentAccount = undefined;
      });
    }
    return this.currentAccount;
  }

  override discoverTargetAccount(options: ClientOptions): Promise<Account> {
    return this.lookUpAccount(this.clientConfig(options));
  }

  private async lookUpAccount(config: ClientConfig): Promise<Account> {
    const sts = nameFailedAttempts(new STSClient(config));
    try {
      const identity = await sts.send(new GetCallerIdentityCommand({}));
      if (!identity.Account || !identity.Arn) {
        throw new Error(`Unrecognized response from STS: '${JSON.stringify(identity)}'`);
      }
      return { accountId: identity.Account, partition: identity.Arn.split(':')[1] ?? 'aws' };
    } finally {
      sts.destroy();
    }
  }
}

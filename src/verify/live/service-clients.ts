import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { nameFailedAttempts, type NameableClient } from '../../aws/call-names.js';
import { RETRY_POLICY, sdkRetrySettings, type SdkRetrySettings } from '../../aws/retry-policy.js';
import type { LiveReadTarget } from './live-resource.js';

/** What every SDK client of a live read is configured with. */
export interface ClientConfig {
  readonly region: string;
  readonly credentials?: AwsCredentialIdentityProvider;
  readonly maxAttempts: number;
}

/** The config with the action's shared retries (bounded, with backoff and jitter, logged). */
export function withRetries<C extends ClientConfig>(config: C): C & SdkRetrySettings {
  return {
    ...config,
    ...sdkRetrySettings(undefined, { ...RETRY_POLICY, maxAttempts: config.maxAttempts }),
  };
}

function isSdkClient(client: object): client is NameableClient {
  return 'middlewareStack' in client;
}

/** A service's SDK module (loaded on first use) and its client. */
export interface ServiceClient<Sdk, Client extends { destroy(): void }> {
  readonly sdk: Sdk;
  readonly client: Client;
}

/**
 * Whether the SDK is pointed at a configured endpoint (an emulator, a VPC endpoint) for a service,
 * by `AWS_ENDPOINT_URL_<SERVICE>` or `AWS_ENDPOINT_URL`, which the SDK reads itself.
 */
export function endpointConfigured(serviceEnvSuffix: string): boolean {
  return Boolean(
    process.env[`AWS_ENDPOINT_URL_${serviceEnvSuffix}`] || process.env.AWS_ENDPOINT_URL,
  );
}

type AnyServiceClient = ServiceClient<unknown, { destroy(): void }>;

/**
 * The SDK clients of one reader and target: one per service, created on first use (with the
 * service's SDK module loaded then, so its code is only loaded when a resource of its type is read)
 * and reused for every later read. Concurrent first reads share the same client.
 */
export class ServiceClients {
  private readonly clients = new Map<string, Promise<AnyServiceClient>>();

  constructor(private readonly target: LiveReadTarget) {}

  get config(): ClientConfig {
    const { region, credentials, maxAttempts } = this.target;
    return { region, maxAttempts, ...(credentials ? { credentials } : {}) };
  }

  get<Sdk, Client extends { destroy(): void }>(
    service: string,
    load: () => Promise<Sdk>,
    create: (sdk: Sdk, config: ClientConfig) => Client,
  ): Promise<ServiceClient<Sdk, Client>> {
    const cached = this.clients.get(service);
    if (cached) return cached as Promise<ServiceClient<Sdk, Client>>;
    const created = load().then((sdk) => {
      const client = create(sdk, this.config);
      if (isSdkClient(client)) nameFailedAttempts(client);
      return { sdk, client };
    });
    this.clients.set(service, created);
    // A failed load is not cached: the next read tries again.
    created.catch(() => {
      if (this.clients.get(service) === created) this.clients.delete(service);
    });
    return created;
  }

  /** Closes every client created so far; later reads create new ones. */
  destroy(): void {
    const clients = [...this.clients.values()];
    this.clients.clear();
    for (const created of clients) {
      created.then(
        ({ client }) => client.destroy(),
        () => undefined,
      );
    }
  }
}

import type { AwsCredentialIdentityProvider } from '@smithy/types';
import type { LiveReadTarget } from './live-resource.js';

/** What every SDK client of a live read is configured with. */
export interface ClientConfig {
  readonly region: string;
  readonly credentials?: AwsCredentialIdentityProvider;
  readonly maxAttempts: number;
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
    const created = load().then((sdk) => ({ sdk, client: create(sdk, this.config) }));
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

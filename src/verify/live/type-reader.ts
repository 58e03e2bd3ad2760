import type { ResourceToRead } from './live-resource.js';
import type { ServiceClients } from './service-clients.js';

/** What a reader found: properties in CloudFormation's names, and tags (null: not reportable). */
export interface LiveState {
  readonly properties: Record<string, unknown>;
  readonly tags: Record<string, string> | null;
}

/**
 * Reads one resource type back through its service's API. Throws the service's error when the
 * read fails (a not-found error makes the resource `missing`), or `ResourceNotFoundError`.
 */
export interface TypeReader {
  readonly resourceType: string;
  read(resource: ResourceToRead, clients: ServiceClients): Promise<LiveState>;
}

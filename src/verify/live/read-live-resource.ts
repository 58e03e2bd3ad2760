import { dynamodbTableReader } from './dynamodb-table-reader.js';
import { iamRoleReader } from './iam-role-reader.js';
import { lambdaFunctionReader } from './lambda-function-reader.js';
import type {
  LiveReadResult,
  LiveReadTarget,
  LiveResourceReader,
  ResourceToRead,
} from './live-resource.js';
import { logGroupReader } from './log-group-reader.js';
import { errorMessage, isNotFoundError } from './read-errors.js';
import { s3BucketReader } from './s3-bucket-reader.js';
import { ServiceClients } from './service-clients.js';
import { snsTopicReader } from './sns-topic-reader.js';
import { sqsQueueReader } from './sqs-queue-reader.js';
import { ssmParameterReader } from './ssm-parameter-reader.js';
import type { TypeReader } from './type-reader.js';

const TYPE_READERS: ReadonlyMap<string, TypeReader> = new Map(
  [
    s3BucketReader,
    sqsQueueReader,
    snsTopicReader,
    dynamodbTableReader,
    lambdaFunctionReader,
    iamRoleReader,
    logGroupReader,
    ssmParameterReader,
  ].map((reader) => [reader.resourceType, reader]),
);

/** A live reader that holds SDK clients: `destroy()` closes them. */
export interface ClosableLiveResourceReader extends LiveResourceReader {
  destroy(): void;
}

/** The resource types that have a live reader. */
export function liveReadableTypes(): string[] {
  return [...TYPE_READERS.keys()];
}

/**
 * Reads resources of the common types back through their own service's API, with one client per
 * service for this target. Other types are `unsupported`; a service's not-found answer is `missing`.
 */
export function liveResourceReader(target: LiveReadTarget): ClosableLiveResourceReader {
  const clients = new ServiceClients(target);
  return {
    async read(resource: ResourceToRead): Promise<LiveReadResult> {
      const { resourceType } = resource;
      const reader = TYPE_READERS.get(resourceType);
      if (!reader) {
        return {
          outcome: 'unsupported',
          message: `no live reader for ${resourceType}: not verified`,
        };
      }
      if (!resource.physicalId) {
        return { outcome: 'missing', message: `${resourceType} has no physical id` };
      }
      try {
        const { properties, tags } = await reader.read(resource, clients);
        return { outcome: 'found', properties, tags };
      } catch (error) {
        const message = errorMessage(error);
        return isNotFoundError(error)
          ? { outcome: 'missing', message: `does not exist: ${message}` }
          : { outcome: 'error', message };
      }
    },
    destroy() {
      clients.destroy();
    },
  };
}

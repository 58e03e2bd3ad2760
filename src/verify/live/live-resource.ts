import type { AwsCredentialIdentityProvider } from '@smithy/types';

/** Where and as whom live resources are read. */
export interface LiveReadTarget {
  readonly region: string;
  readonly credentials?: AwsCredentialIdentityProvider;
  readonly maxAttempts: number;
}

export interface ResourceToRead {
  readonly resourceType: string;
  readonly logicalId: string;
  /** The physical id CloudFormation reports (a bucket name, a queue URL, a table name, an ARN...). */
  readonly physicalId: string;
  /** The properties the template declares, for readers that need more than the physical id. */
  readonly templateProperties: Readonly<Record<string, unknown>>;
}

/**
 * What a live read found. `found`: the resource exists and is readable, with the properties read
 * back (in CloudFormation's own property names, only those the reader can read) and its tags (null
 * when the service cannot report tags). `missing`: the service says it does not exist. `unsupported`:
 * no reader exists for this type, so it is not verified. `error`: the read failed for another reason.
 */
export type LiveReadResult =
  | {
      readonly outcome: 'found';
      readonly properties: Readonly<Record<string, unknown>>;
      readonly tags: Readonly<Record<string, string>> | null;
    }
  | { readonly outcome: 'missing'; readonly message: string }
  | { readonly outcome: 'unsupported'; readonly message: string }
  | { readonly outcome: 'error'; readonly message: string };

export interface LiveResourceReader {
  read(resource: ResourceToRead): Promise<LiveReadResult>;
}

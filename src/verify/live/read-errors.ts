/** Thrown by a reader when the service answers without the resource (e.g. an empty list). */
export class ResourceNotFoundError extends Error {
  override readonly name = 'ResourceNotFoundError';
}

/** The error names and codes by which the services say a resource does not exist. */
const NOT_FOUND = new Set([
  'ResourceNotFoundError',
  // S3: HeadBucket answers a bare 404 ('NotFound'); other calls NoSuchBucket.
  'NotFound',
  'NoSuchBucket',
  // SQS: the JSON protocol's name and the query protocol's code.
  'QueueDoesNotExist',
  'AWS.SimpleQueueService.NonExistentQueue',
  // SNS
  'NotFoundException',
  // DynamoDB, Lambda, CloudWatch Logs
  'ResourceNotFoundException',
  'TableNotFoundException',
  // IAM
  'NoSuchEntity',
  'NoSuchEntityException',
  // SSM
  'ParameterNotFound',
]);

function field(error: unknown, key: string): unknown {
  return typeof error === 'object' && error !== null && key in error
    ? (error as Record<string, unknown>)[key]
    : undefined;
}

/** Whether a service error says the resource does not exist (by error name or error code). */
export function isNotFoundError(error: unknown): boolean {
  return [field(error, 'name'), field(error, 'Code'), field(error, 'code')].some(
    (value) => typeof value === 'string' && NOT_FOUND.has(value),
  );
}

/** Whether an error has one of the given names or codes. */
export function hasErrorName(error: unknown, ...names: string[]): boolean {
  return [field(error, 'name'), field(error, 'Code')].some(
    (value) => typeof value === 'string' && names.includes(value),
  );
}

/** A one-line description of an error: its name and first message line, the name not repeated. */
export function errorMessage(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const message = (error.message.split('\n')[0] ?? '').trim();
  if (!message || message === error.name || message === 'UnknownError') return error.name;
  return error.name && error.name !== 'Error' && !message.startsWith(error.name)
    ? `${error.name}: ${message}`
    : message;
}

/** Node's codes for a connection that never opened: nothing listens there, or no such host. */
const UNREACHABLE_CODES = ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH'];

interface NetworkError {
  readonly code?: unknown;
  readonly message?: unknown;
  readonly cause?: unknown;
  readonly address?: unknown;
  readonly port?: unknown;
}

function unreachableCode(error: unknown, depth = 0): string | undefined {
  if (typeof error !== 'object' || error === null || depth > 5) return undefined;
  const e = error as NetworkError;
  if (typeof e.code === 'string' && UNREACHABLE_CODES.includes(e.code)) return e.code;
  if (
    typeof e.message === 'string' &&
    e.message.includes('without establishing a connection') // the SDK's connection timeout
  ) {
    return 'connection timeout';
  }
  return unreachableCode(e.cause, depth + 1);
}

/** Whether the error says the endpoint could not be connected to at all (not a dropped answer). */
export function isUnreachable(error: unknown): boolean {
  return unreachableCode(error) !== undefined;
}

/** The endpoint the SDK calls: the configured one, or the address the error names. */
export function endpointOf(error: unknown, env: NodeJS.ProcessEnv = process.env): string {
  if (env.AWS_ENDPOINT_URL) return `${env.AWS_ENDPOINT_URL} (AWS_ENDPOINT_URL)`;
  const e = (typeof error === 'object' && error !== null ? error : {}) as NetworkError;
  if (typeof e.address === 'string') {
    return typeof e.port === 'number' ? `${e.address}:${e.port}` : e.address;
  }
  return 'the AWS endpoint';
}

/** A message that names the endpoint, for an error {@link isUnreachable} accepts. */
export function unreachableMessage(error: unknown, attempts: number): string {
  const code = unreachableCode(error) ?? 'unreachable';
  const original = (error as NetworkError | undefined)?.message;
  const detail = typeof original === 'string' && original.length > 0 ? `: ${original}` : '';
  return `Cannot reach ${endpointOf(error)} (${code}, ${attempts} attempt(s))${detail}. Check that the endpoint is up and the address is right.`;
}

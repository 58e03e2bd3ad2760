/**
 * Another operation (a second run, a console change) took the stack between this run's calls:
 * its change set was deleted because another one executed, the stack it was creating now
 * exists, or the stack is busy. Nothing of this
 * run changed the stack; deploying again after it settles is safe.
 */
export class StackContentionError extends Error {
  constructor(
    readonly stackName: string,
    cause: unknown,
  ) {
    super(
      `Stack ${stackName} was changed by another operation meanwhile (${(cause as Error).message})`,
      {
        cause,
      },
    );
    this.name = 'StackContentionError';
  }
}

const CONTENTION = [
  /ChangeSet .* does not exist/i,
  /already exists and cannot be created again/i,
  /is in [A-Z_]+_IN_PROGRESS state/i,
  /cannot be executed in its current status/i,
  /cannot be called from current stack status/i,
];

const CONTENTION_NAMES = new Set([
  'ChangeSetNotFoundException',
  'ChangeSetNotFound',
  'InvalidChangeSetStatusException',
  'InvalidChangeSetStatus',
  'OperationInProgressException',
]);

export function isContention(error: unknown): boolean {
  const { name, message } = error as { name?: string; message?: string };
  return CONTENTION_NAMES.has(name ?? '') || CONTENTION.some((p) => p.test(message ?? ''));
}

/** Runs one call of a stack deployment, telling contention apart from other failures. */
export async function contended<T>(stackName: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw isContention(error) ? new StackContentionError(stackName, error) : error;
  }
}

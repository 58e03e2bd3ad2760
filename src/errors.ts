/**
 * The error classes every layer may throw. Each message says what failed and what to do; the
 * original error, when there is one, is kept as `cause`.
 */

/** A failure the user can act on, often of one stack (`stackName`). */
export class DeploymentError extends Error {
  constructor(message: string, options?: ErrorOptions & { readonly stack?: string }) {
    super(message, options);
    this.name = 'DeploymentError';
    this.stackName = options?.stack;
  }

  readonly stackName: string | undefined;
}

/** A problem with what the workflow gave the action; the message names the input and the fix. */
export class SettingsError extends Error {
  constructor(
    readonly input: string,
    message: string,
  ) {
    super(`Input '${input}': ${message}`);
    this.name = 'SettingsError';
  }
}

/** The cloud assembly cannot be deployed as it is; the message names the file or stack and the fix. */
export class AssemblyError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'AssemblyError';
  }
}

/** Thrown into the run's waits once the run is cancelled. */
export class CancelledError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'CancelledError';
  }
}

/** What a caught value says: an error's message, anything else as text. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

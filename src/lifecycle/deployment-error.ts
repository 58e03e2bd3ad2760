/** A failure the user can act on; its message says what failed and what to do. */
export class DeploymentError extends Error {
  constructor(message: string, options?: ErrorOptions & { readonly stack?: string }) {
    super(message, options);
    this.name = 'DeploymentError';
    this.stackName = options?.stack;
  }

  readonly stackName: string | undefined;
}

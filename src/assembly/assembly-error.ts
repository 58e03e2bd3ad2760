/** The cloud assembly cannot be deployed as it is; the message names the file or stack and the fix. */
export class AssemblyError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'AssemblyError';
  }
}

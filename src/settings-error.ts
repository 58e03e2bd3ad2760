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

import { SettingsError } from '../errors.js';

export interface ParameterValues {
  /** Values for every stack that declares the parameter. */
  readonly all: Readonly<Record<string, string>>;
  /** Values for one stack, by stack name; they win over `all`. */
  readonly byStack: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

/**
 * Reads one `Key=Value` or `Stack:Key=Value` per line, as `cdk deploy --parameters` takes them.
 * Lines, not commas, separate items: a CommaDelimitedList value holds commas. A value may hold '='.
 */
export function parseParameters(text: string): ParameterValues {
  const all: Record<string, string> = {};
  const byStack: Record<string, Record<string, string>> = {};
  const lines = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0 && !line.startsWith('#'));
  for (const line of lines) {
    const equals = line.indexOf('=');
    const target = equals > 0 ? line.slice(0, equals).trim() : '';
    const colon = target.indexOf(':');
    const stack = colon >= 0 ? target.slice(0, colon).trim() : null;
    const key = colon >= 0 ? target.slice(colon + 1).trim() : target;
    if (!/^[A-Za-z0-9]+$/.test(key) || stack === '') {
      throw new SettingsError(
        'parameters',
        `'${line}' is not 'Key=Value' or 'Stack:Key=Value' (one per line; parameter names are alphanumeric).`,
      );
    }
    const value = line.slice(equals + 1).trim();
    if (stack) (byStack[stack] ??= {})[key] = value;
    else all[key] = value;
  }
  return { all, byStack };
}

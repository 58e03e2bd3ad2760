import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { SettingsError } from '../../src/errors.js';
import { readSettings } from '../../src/settings/settings.js';

function imageBuilds(value: string): number {
  const inputs: Record<string, string> = { 'image-build-concurrency': value };
  return readSettings((name) => inputs[name] ?? '', {
    workspace: tmpdir(),
    runnerTemp: tmpdir(),
    env: {},
  }).imageBuildConcurrency;
}

describe('image-build-concurrency', () => {
  it.each([
    ['', 2],
    ['1', 1],
    [' 3 ', 3],
    ['16', 16],
  ])("reads '%s' as %i", (value, expected) => {
    expect(imageBuilds(value)).toBe(expected);
  });

  it.each(['0', '17', '2.5', 'two', '-1'])(
    "refuses '%s', naming the input and the range",
    (value) => {
      let error: unknown;
      try {
        imageBuilds(value);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(SettingsError);
      expect((error as SettingsError).input).toBe('image-build-concurrency');
      expect((error as Error).message).toContain(`'${value}' is not a whole number from 1 to 16`);
    },
  );
});

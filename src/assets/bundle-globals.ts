import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The CDK's publisher is CommonJS and reads `__dirname` each time it runs docker (to put its own
 * credential helper on the PATH). Bundled into this action's ES module it has none, and every
 * docker call would fail with "__dirname is not defined"; this gives it the bundle's folder. Its
 * helper is not bundled, so the PATH entry it makes points at nothing, as it would without a
 * `~/.cdk/cdk-docker-creds.json`, the only case that uses it.
 */
export function giveBundledPublisherADirname(): void {
  const globals = globalThis as { __dirname?: string };
  globals.__dirname ??= dirname(fileURLToPath(import.meta.url));
}

import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The bundled CommonJS libraries that read `__dirname` find none in this action's ES module; both
 * ways this action gives them one live here, so that neither overwrites the other's.
 */
type WithDirname = { __dirname?: string };

/**
 * The CDK's publisher reads `__dirname` each time it runs docker (to put its own credential helper
 * on the PATH); without one every docker call would fail with "__dirname is not defined". This
 * gives it the bundle's folder. Its helper is not bundled, so the PATH entry it makes points at
 * nothing, as it would without a `~/.cdk/cdk-docker-creds.json`, the only case that uses it.
 */
export function giveBundledPublisherADirname(): void {
  (globalThis as WithDirname).__dirname ??= dirname(fileURLToPath(import.meta.url));
}

/**
 * Runs `load` with the global `__dirname` set to `folder`, for a library that reads it once, while
 * it is imported; what was there before (the publisher's, or nothing) is put back afterwards.
 */
export async function withGlobalDirname<T>(folder: string, load: () => Promise<T>): Promise<T> {
  const globals = globalThis as WithDirname;
  const had = Object.prototype.hasOwnProperty.call(globals, '__dirname');
  const before = globals.__dirname;
  globals.__dirname = folder;
  try {
    return await load();
  } finally {
    if (had) globals.__dirname = before;
    else delete globals.__dirname;
  }
}

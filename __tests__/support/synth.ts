import { execFile } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** Absolute path of the repository root (ends without a separator). */
export const repoRoot = fileURLToPath(new URL('../..', import.meta.url)).replace(/[\\/]$/, '');

/** Directory of the fixture apps (`<name>.mjs`). */
export const fixtureAppsDir = join(repoRoot, '__tests__', 'fixtures', 'apps');

/** Directory of the hand-made cloud assemblies (`cycle/`, `missing-context/`, `newer-schema/`). */
export const fixtureAssembliesDir = join(repoRoot, '__tests__', 'fixtures', 'assemblies');

/** The apps {@link synthFixture} knows: `'examples'` and the files in `__tests__/fixtures/apps/`. */
export type FixtureApp =
  'examples' | 'multi-stack' | 'staged' | 'lambda-asset' | 'large-template' | 'images' | 'review';

export interface SynthOptions {
  /** Reuse an assembly synthesized earlier in this process for the same app and env (default true). */
  readonly cache?: boolean;
}

const cache = new Map<string, Promise<string>>();
const created: string[] = [];
let cleanupRegistered = false;

/** The `.mjs` file that synthesizes `app`. */
export function fixtureAppPath(app: string): string {
  if (app === 'examples') return join(repoRoot, 'examples', 'app.mjs');
  if (!/^[a-z0-9][a-z0-9-]*$/.test(app)) throw new Error(`invalid fixture app name: ${app}`);
  return join(fixtureAppsDir, `${app}.mjs`);
}

/**
 * Synthesizes a fixture app (`__tests__/fixtures/apps/<app>.mjs`, or `examples/app.mjs` when `app` is
 * `'examples'`) into a fresh temporary directory and returns that directory: a cloud assembly.
 *
 * `env` is added to the app's environment (fixture apps read variations such as `APP_VARIANT` from
 * it; pass `CDK_VALIDATION: 'true'` to run aws-cdk-lib's template validation, off by default). For `'examples'` the context of `examples/cdk.json` is passed in `CDK_CONTEXT_JSON`, as `cdk
 * synth` does, so the feature flags match the CLI's synthesis.
 *
 * Results are cached per app and env for the life of the process: treat the returned directory as
 * read-only, or pass `{ cache: false }` to get a private copy. Directories are removed at exit
 * unless `KEEP_FIXTURE_ASSEMBLIES` is set.
 */
export async function synthFixture(
  app: string,
  env: Record<string, string> = {},
  options: SynthOptions = {},
): Promise<string> {
  if (options.cache === false) return synthesize(app, env);
  const key = JSON.stringify([app, Object.entries(env).sort(([a], [b]) => a.localeCompare(b))]);
  let pending = cache.get(key);
  if (!pending) {
    pending = synthesize(app, env);
    cache.set(key, pending);
    // A failure is not cached: the next call tries again.
    pending.catch(() => cache.delete(key));
  }
  return pending;
}

async function synthesize(app: string, env: Record<string, string>): Promise<string> {
  const entry = fixtureAppPath(app);
  if (!existsSync(entry)) throw new Error(`no such fixture app: ${app} (${entry})`);

  const outdir = await mkdtemp(join(tmpdir(), `cdk-fixture-${app}-`));
  registerCleanup(outdir);

  // CDK_VALIDATION=false skips aws-cdk-lib's built-in template validation (a WebAssembly linter):
  // the assembly is the same minus validation-report.json, and synthesis takes ~0.8 s instead of ~3.5 s.
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    CDK_VALIDATION: 'false',
    CDK_OUTDIR: outdir,
  };
  if (app === 'examples') {
    const context = await readCdkJsonContext(join(repoRoot, 'examples', 'cdk.json'));
    if (context) childEnv.CDK_CONTEXT_JSON = JSON.stringify(context);
  }
  Object.assign(childEnv, env);

  try {
    await execFileAsync(process.execPath, [entry], {
      cwd: app === 'examples' ? join(repoRoot, 'examples') : repoRoot,
      env: childEnv,
      timeout: 120_000,
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    const { stderr, stdout } = error as { stderr?: string; stdout?: string };
    const output = [stderr, stdout].filter(Boolean).join('\n').trim();
    throw new Error(`synthesis of ${app} failed: ${(error as Error).message}\n${output}`, {
      cause: error,
    });
  }
  if (!existsSync(join(outdir, 'manifest.json'))) {
    throw new Error(`synthesis of ${app} wrote no manifest.json into ${outdir}`);
  }
  return outdir;
}

async function readCdkJsonContext(file: string): Promise<Record<string, unknown> | undefined> {
  const parsed = JSON.parse(await readFile(file, 'utf8')) as { context?: Record<string, unknown> };
  return parsed.context;
}

function registerCleanup(dir: string): void {
  created.push(dir);
  if (cleanupRegistered) return;
  cleanupRegistered = true;
  process.once('exit', () => {
    if (process.env.KEEP_FIXTURE_ASSEMBLIES) return;
    for (const d of created) rmSync(d, { recursive: true, force: true });
  });
}

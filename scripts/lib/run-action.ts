import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const repositoryRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface ActionRunRequest {
  /** Inputs by their action.yml names; the rest get action.yml's defaults, as the runner does. */
  readonly inputs: Record<string, string>;
  readonly env?: Record<string, string>;
  /** The node binary: the machine's by default. */
  readonly node?: string;
  readonly workspace?: string;
  readonly eventName?: string;
  readonly event?: unknown;
  readonly onLine?: (line: string) => void;
  readonly signal?: AbortSignal;
  /** A command the node process runs under, e.g. `['/usr/bin/time', '-f', '%M']`. */
  readonly commandPrefix?: readonly string[];
  /** Cancels the step as the runner does once a log line matches: SIGINT, SIGTERM 7.5 s later, then SIGKILL 2.5 s later. */
  readonly cancelWhen?: (line: string) => boolean;
  /** Runs the post step of an earlier main step: its runner folder and the state it saved. */
  readonly post?: Pick<ActionRunResult, 'runnerTemp' | 'state'>;
}

export interface ActionRunResult {
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly outputs: Record<string, string>;
  readonly summary: string;
  readonly state: Record<string, string>;
  readonly runnerTemp: string;
  /** The signals a cancel sent, in order. */
  readonly signals: readonly NodeJS.Signals[];
}

/** The runner's cancel: SIGINT, then SIGTERM after 7.5 s, then SIGKILL after 2.5 s more. */
export const RUNNER_CANCEL_STEPS: readonly { signal: NodeJS.Signals; afterMs: number }[] = [
  { signal: 'SIGINT', afterMs: 0 },
  { signal: 'SIGTERM', afterMs: 7_500 },
  { signal: 'SIGKILL', afterMs: 10_000 },
];

interface ActionManifest {
  inputs?: Record<string, { default?: string }>;
}

/** The defaults the runner fills in; an expression default is given the value a runner would. */
export function actionDefaults(): Record<string, string> {
  const manifest = parse(
    readFileSync(join(repositoryRoot, 'action.yml'), 'utf8'),
  ) as ActionManifest;
  const defaults: Record<string, string> = {};
  for (const [name, input] of Object.entries(manifest.inputs ?? {})) {
    const value = String(input.default ?? '');
    defaults[name] = value.includes('${{') ? 'ghs_runner-token-for-tests' : value;
  }
  return defaults;
}

/** Reads a file in the runner's `name<<DELIMITER` / `name=value` command-file format. */
export function parseCommandFile(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name, delimiter] = heredoc as unknown as [string, string, string];
      const body: string[] = [];
      for (i++; i < lines.length && lines[i] !== delimiter; i++) body.push(lines[i] as string);
      values[name] = body.join('\n');
    } else if (line.includes('=')) {
      values[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    }
  }
  return values;
}

function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

/** The committed bundle, or the one in ACTION_BUNDLE_DIR while developing against a scratch build. */
export function bundlePath(): string {
  return join(process.env.ACTION_BUNDLE_DIR ?? join(repositoryRoot, 'dist'), 'index.js');
}

/** Runs `dist/index.js` as the Actions runner runs a node24 action's main step. */
export async function runAction(request: ActionRunRequest): Promise<ActionRunResult> {
  const runnerTemp = request.post?.runnerTemp ?? mkdtempSync(join(tmpdir(), 'runner-'));
  const files = {
    GITHUB_OUTPUT: join(runnerTemp, 'output'),
    GITHUB_STEP_SUMMARY: join(runnerTemp, 'summary'),
    GITHUB_STATE: join(runnerTemp, 'state'),
    GITHUB_ENV: join(runnerTemp, 'env'),
    GITHUB_PATH: join(runnerTemp, 'path'),
    GITHUB_EVENT_PATH: join(runnerTemp, 'event.json'),
  };
  for (const file of Object.values(files)) writeFileSync(file, '');
  writeFileSync(files.GITHUB_EVENT_PATH, JSON.stringify(request.event ?? {}));
  const workspace = request.workspace ?? repositoryRoot;
  mkdirSync(join(runnerTemp, 'temp'), { recursive: true });
  // A step that reports to GitHub gets a GITHUB_API_URL from the caller; without one, it does not.
  const quiet = request.env?.GITHUB_API_URL
    ? {}
    : { 'comment-on-pr': 'false', 'github-deployment': 'false' };
  const inputs = { ...actionDefaults(), ...quiet, ...request.inputs };
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? runnerTemp,
    // The action's own temporary files go where the caller's go (the tests clean that up).
    ...(process.env.TMPDIR ? { TMPDIR: process.env.TMPDIR } : {}),
    // The runner runs the bundle on Node 24; run here on an older Node (the machine's), the AWS
    // SDK's notice that it will need Node 22 says nothing about the action.
    ...(request.node === undefined && Number(process.versions.node.split('.')[0]) < 22
      ? { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' }
      : {}),
    ...Object.fromEntries(Object.entries(inputs).map(([k, v]) => [inputVariable(k), v])),
    ...files,
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    GITHUB_WORKSPACE: workspace,
    RUNNER_TEMP: join(runnerTemp, 'temp'),
    GITHUB_API_URL: 'http://127.0.0.1:9',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REPOSITORY: 'octo-org/octo-app',
    GITHUB_EVENT_NAME: request.eventName ?? 'push',
    GITHUB_SHA: '0000000000000000000000000000000000000000',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_RUN_ID: '1',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_JOB: 'deploy',
    ...Object.fromEntries(
      Object.entries(request.post?.state ?? {}).map(([k, v]) => [`STATE_${k}`, v]),
    ),
    ...request.env,
  };
  const command = [
    ...(request.commandPrefix ?? []),
    request.node ?? process.execPath,
    bundlePath(),
  ];
  const child = spawn(command[0] as string, command.slice(1), {
    cwd: workspace,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    signal: request.signal,
  });
  let stdout = '';
  let stderr = '';
  let partial = '';
  const signals: NodeJS.Signals[] = [];
  const timers: NodeJS.Timeout[] = [];
  let cancelled = false;
  const cancel = (): void => {
    cancelled = true;
    for (const step of RUNNER_CANCEL_STEPS) {
      timers.push(
        setTimeout(() => {
          if (child.exitCode !== null || child.signalCode !== null) return;
          signals.push(step.signal);
          child.kill(step.signal);
        }, step.afterMs),
      );
    }
  };
  child.stdout.on('data', (chunk: Buffer) => {
    const text = chunk.toString();
    stdout += text;
    if (!request.onLine && !request.cancelWhen) return;
    const lines = (partial + text).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      request.onLine?.(line);
      if (!cancelled && request.cancelWhen?.(line)) cancel();
    }
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exitCode = await new Promise<number | null>((resolve) => {
    child.on('close', (code) => resolve(code));
    child.on('error', () => resolve(null));
  });
  timers.forEach((timer) => clearTimeout(timer));
  return {
    exitCode,
    stdout,
    stderr,
    outputs: parseCommandFile(readFileSync(files.GITHUB_OUTPUT, 'utf8')),
    summary: readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8'),
    state: parseCommandFile(readFileSync(files.GITHUB_STATE, 'utf8')),
    runnerTemp,
    signals,
  };
}

/** The Node 24 binary that stands in for the runner's node24 runtime. */
export const node24 = join(repositoryRoot, 'scripts/node24/node_modules/.bin/node');

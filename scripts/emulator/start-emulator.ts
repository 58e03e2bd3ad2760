import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** A running local CloudFormation emulator (moto server plus this project's patches). */
export interface Emulator {
  readonly endpoint: string;
  readonly port: number;
  /** Wipes all state; bootstrapped regions come back bootstrapped. */
  reset(): Promise<void>;
  stop(): Promise<void>;
  /** Environment for a child process (SDK, CDK CLI, the action) to talk to the emulator. */
  env(region?: string): Record<string, string>;
}

export interface EmulatorOptions {
  /** Regions to CDK-bootstrap (version parameter and assets bucket), also after every reset. */
  bootstrapRegions?: string[];
  /**
   * Keeps every new change set CREATE_IN_PROGRESS for this many seconds (default 0), also after
   * every reset; `setChangeSetDelay` changes it until the next reset.
   */
  changeSetDelaySeconds?: number;
}

const LAUNCHER = fileURLToPath(new URL('./cloudformation_emulator.py', import.meta.url));
const START_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 5_000;
const STDERR_TAIL_CHARS = 4_000;

interface ReadyLine {
  endpoint: string;
  port: number;
  pid: number;
}

function parseReadyLine(line: string): ReadyLine {
  const value: unknown = JSON.parse(line);
  if (
    typeof value === 'object' &&
    value !== null &&
    'endpoint' in value &&
    typeof value.endpoint === 'string' &&
    'port' in value &&
    typeof value.port === 'number' &&
    'pid' in value &&
    typeof value.pid === 'number'
  ) {
    return { endpoint: value.endpoint, port: value.port, pid: value.pid };
  }
  throw new Error(`unexpected ready line: ${line}`);
}

function unrefStream(stream: unknown): void {
  if (typeof stream === 'object' && stream !== null && 'unref' in stream) {
    const unref = stream.unref;
    if (typeof unref === 'function') unref.call(stream);
  }
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const args = [LAUNCHER, '--exit-with-parent'];
  for (const region of options.bootstrapRegions ?? []) args.push('--bootstrap-region', region);
  if (options.changeSetDelaySeconds !== undefined) {
    args.push('--change-set-delay', String(options.changeSetDelaySeconds));
  }
  const child = spawn(process.env.PYTHON ?? 'python3', args, { stdio: ['pipe', 'pipe', 'pipe'] });

  let stderrTail = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderrTail = (stderrTail + chunk).slice(-STDERR_TAIL_CHARS);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const failure = (reason: string): Error =>
    new Error(
      `CloudFormation emulator (${LAUNCHER}) ${reason}.` +
        (stderrTail.trim() ? `\nLauncher stderr (tail):\n${stderrTail.trimEnd()}` : ''),
    );

  const ready = await new Promise<ReadyLine>((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(failure(`did not start within ${START_TIMEOUT_MS / 1000} s`));
    }, START_TIMEOUT_MS);
    const settle = (outcome: () => void): void => {
      clearTimeout(timer);
      child.stdout.removeAllListeners('data');
      child.stdout.resume(); // keep draining, so nothing the launcher writes can block it
      child.removeListener('exit', onExit);
      outcome();
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null): void =>
      settle(() => reject(failure(`exited before it was ready (code ${code}, signal ${signal})`)));
    child.once('exit', onExit);
    child.once('error', (error) =>
      settle(() => reject(failure(`could not be started: ${error.message}`))),
    );
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
      const newline = stdout.indexOf('\n');
      if (newline < 0) return;
      const line = stdout.slice(0, newline);
      settle(() => {
        try {
          resolve(parseReadyLine(line));
        } catch (error) {
          child.kill('SIGKILL');
          reject(failure(error instanceof Error ? error.message : String(error)));
        }
      });
    });
  });

  // A test that forgets stop() must not keep its process alive; stdin EOF then ends the launcher.
  child.unref();
  unrefStream(child.stdin);
  unrefStream(child.stdout);
  unrefStream(child.stderr);

  let stopping: Promise<void> | undefined;
  return {
    endpoint: ready.endpoint,
    port: ready.port,
    async reset() {
      const response = await fetch(`${ready.endpoint}/moto-api/reset`, { method: 'POST' });
      if (!response.ok) {
        throw failure(`reset answered ${response.status}: ${await response.text()}`);
      }
    },
    stop() {
      stopping ??= (async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.stdin.end();
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
        await exited;
        clearTimeout(killer);
      })();
      return stopping;
    },
    env(region = 'us-east-1') {
      return {
        AWS_ENDPOINT_URL: ready.endpoint,
        AWS_ACCESS_KEY_ID: 'testing',
        AWS_SECRET_ACCESS_KEY: 'testing',
        AWS_REGION: region,
        AWS_DEFAULT_REGION: region,
        AWS_EC2_METADATA_DISABLED: 'true',
      };
    },
  };
}

/** Where the control API functions find the emulator: its endpoint, or the Emulator itself. */
export type EmulatorTarget = string | Pick<Emulator, 'endpoint'>;

/** A failure for the emulator to inject into the next matching stack operation. */
export interface EmulatorFault {
  /** The stack operation that fails (CreateStack or a CREATE change set, an update, DeleteStack). */
  on: 'create' | 'update' | 'delete';
  /** Stack name or id; any stack when omitted. */
  stack?: string;
  /** The resource that fails; the first one the operation creates, updates or deletes if omitted. */
  logicalId?: string;
  /** The failed resource's ResourceStatusReason. */
  reason?: string;
  /** Whether the rollback that follows succeeds (default) or fails too. */
  rollback?: 'succeeds' | 'fails';
  /** How many operations it fails before it is used up (default 1). */
  times?: number;
}

export interface RegisteredFault extends Required<Omit<EmulatorFault, 'stack' | 'logicalId'>> {
  id: number;
  stack: string | null;
  logicalId: string | null;
}

async function control<T>(target: EmulatorTarget, method: string, path: string, body?: unknown) {
  const endpoint = typeof target === 'string' ? target : target.endpoint;
  const response = await fetch(`${endpoint}/_emulator/${path}`, {
    method,
    ...(body === undefined
      ? {}
      : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });
  const text = await response.text();
  if (!response.ok) {
    throw new Error(`emulator control ${method} /_emulator/${path}: ${response.status} ${text}`);
  }
  return JSON.parse(text) as T;
}

/** Registers a fault; the next stack operation it matches fails as CloudFormation fails it. */
export async function injectFault(
  target: EmulatorTarget,
  fault: EmulatorFault,
): Promise<RegisteredFault> {
  return (await control<{ fault: RegisteredFault }>(target, 'POST', 'faults', fault)).fault;
}

/** The faults not used up yet. */
export async function listFaults(target: EmulatorTarget): Promise<RegisteredFault[]> {
  return (await control<{ faults: RegisteredFault[] }>(target, 'GET', 'faults')).faults;
}

/** Removes every registered fault (a reset does too). */
export async function clearFaults(target: EmulatorTarget): Promise<void> {
  await control(target, 'DELETE', 'faults');
}

/**
 * Keeps every later stack operation *_IN_PROGRESS for this many seconds, as DescribeStacks and
 * DescribeStackEvents see it; 0 turns it off. A reset restores the launcher's value.
 */
export async function setStackDelay(target: EmulatorTarget, seconds: number): Promise<void> {
  await control(target, 'POST', 'settings', { stackDelaySeconds: seconds });
}

/**
 * Keeps every later change set CREATE_IN_PROGRESS (ExecutionStatus UNAVAILABLE, so neither
 * ExecuteChangeSet nor DeleteChangeSet takes it) for this many seconds after its creation, as
 * DescribeChangeSet and ListChangeSets see it; 0 turns it off. A reset restores the launcher's
 * value.
 */
export async function setChangeSetDelay(target: EmulatorTarget, seconds: number): Promise<void> {
  await control(target, 'POST', 'settings', { changeSetDelaySeconds: seconds });
}

/** The emulator's settings, as GET /_emulator/settings answers them. */
export interface EmulatorSettings {
  stackDelaySeconds: number;
  changeSetDelaySeconds: number;
}

/** What each CreateChangeSet asked for of the release gates' fields, oldest first. */
export interface ChangeSetRequest {
  stackName: string;
  changeSetType: 'CREATE' | 'UPDATE';
  rollbackConfiguration: {
    RollbackTriggers?: { Arn: string; Type: string }[];
    MonitoringTimeInMinutes?: number;
  } | null;
  deploymentConfig: { Mode?: string } | null;
  deploymentMode: string | null;
}

export async function changeSetRequests(target: EmulatorTarget): Promise<ChangeSetRequest[]> {
  return (await control<{ createChangeSet: ChangeSetRequest[] }>(target, 'GET', 'requests'))
    .createChangeSet;
}

/** A resource drifted from its template, as drift detection reports it until it is reverted. */
export interface EmulatorDrift {
  stack: string;
  logicalId: string;
  status?: 'MODIFIED' | 'DELETED';
  differences?: { path: string; expected: string; actual: string }[];
}

export async function registerDrift(target: EmulatorTarget, drift: EmulatorDrift): Promise<void> {
  await control(target, 'POST', 'drift', drift);
}

export async function listDrift(target: EmulatorTarget): Promise<EmulatorDrift[]> {
  return (await control<{ drifts: EmulatorDrift[] }>(target, 'GET', 'drift')).drifts;
}

/**
 * How many seconds one minute of a rollback-trigger monitoring window lasts (60 by default),
 * until the next reset.
 */
export async function setMonitoringSecondsPerMinute(
  target: EmulatorTarget,
  seconds: number,
): Promise<void> {
  await control(target, 'POST', 'monitoring', { secondsPerMinute: seconds });
}

/** The settings in force now (the launcher's values, or those set since the last reset). */
export async function getSettings(target: EmulatorTarget): Promise<EmulatorSettings> {
  return control<EmulatorSettings>(target, 'GET', 'settings');
}

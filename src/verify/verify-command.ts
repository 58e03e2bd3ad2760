import { spawn } from 'node:child_process';
import type { CheckResult } from '../model/check-result.js';
import { outputTail } from '../assembly/synthesize.js';
import { formatTimeout } from '../util/durations.js';
import { jobEnvironment } from '../util/job-environment.js';

/** `CDK_OUTPUT_<STACK>_<KEY>`, upper case, anything but letters and digits as `_`. */
export function outputVariableName(stackName: string, outputKey: string): string {
  return `CDK_OUTPUT_${stackName}_${outputKey}`.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
}

/**
 * The environment of the user's tests: the job's own, less what the runner hands the action alone
 * (its inputs, the GitHub token among them, and the runtime tokens), plus every stack output.
 */
export function verifyEnvironment(
  base: NodeJS.ProcessEnv,
  outputs: Record<string, Record<string, string>>,
  outputsFile: string,
): Record<string, string> {
  const env = jobEnvironment(base);
  for (const [stack, values] of Object.entries(outputs)) {
    for (const [key, value] of Object.entries(values)) env[outputVariableName(stack, key)] = value;
  }
  env.CDK_OUTPUTS_FILE = outputsFile;
  return env;
}

export interface VerifyCommandRequest {
  readonly command: string;
  readonly workingDirectory: string;
  readonly env: Record<string, string>;
  /** How long the command may run (verify-timeout); then it is stopped and the check fails. */
  readonly timeoutMs: number;
}

/** How long a stopped command has between SIGTERM and SIGKILL. */
const KILL_GRACE_MS = 5_000;
/** What is kept of the command's output for the record: its end. */
const KEPT_OUTPUT_CHARS = 64 * 1024;

interface Finished {
  readonly exitCode: number | null;
  readonly timedOut: boolean;
  readonly output: string;
}

/** Runs the script as a workflow's `run:` step runs on Linux: bash, -e and -o pipefail. */
function runScript(request: VerifyCommandRequest): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      'bash',
      ['--noprofile', '--norc', '-eo', 'pipefail', '-c', request.command],
      {
        cwd: request.workingDirectory,
        env: request.env,
        // Its own process group, so a timeout stops what the script started too.
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    const keep = (chunk: Buffer, to: NodeJS.WriteStream): void => {
      to.write(chunk);
      output = (output + chunk.toString()).slice(-KEPT_OUTPUT_CHARS);
    };
    child.stdout.on('data', (chunk: Buffer) => keep(chunk, process.stdout));
    child.stderr.on('data', (chunk: Buffer) => keep(chunk, process.stderr));
    let timedOut = false;
    const stopGroup = (signal: NodeJS.Signals): void => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, signal);
      } catch {
        // the group is already gone
      }
    };
    let killer: NodeJS.Timeout | undefined;
    const timer = setTimeout(() => {
      timedOut = true;
      stopGroup('SIGTERM');
      killer = setTimeout(() => stopGroup('SIGKILL'), KILL_GRACE_MS);
    }, request.timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (killer) clearTimeout(killer);
      resolve({ exitCode: code, timedOut, output });
    });
  });
}

/**
 * Runs the user's verify command as a `run:` step would (bash -e -o pipefail, several lines
 * allowed), its output in the job log; a non-zero exit, or running past verify-timeout, fails the
 * check.
 */
export async function runVerifyCommand(request: VerifyCommandRequest): Promise<CheckResult> {
  const shown = request.command.trim().split('\n')[0] ?? '';
  process.stdout.write(`[command]${shown}${request.command.trim().includes('\n') ? ' ...' : ''}\n`);
  let finished: Finished;
  try {
    finished = await runScript(request);
  } catch (error) {
    return {
      check: 'verify-command',
      passed: false,
      message: `Input 'verify-command': '${request.command}' could not start in '${request.workingDirectory}': ${(error as Error).message}`,
    };
  }
  const tail = outputTail(finished.output, 20);
  if (finished.timedOut) {
    return {
      check: 'verify-command',
      passed: false,
      message: `'${request.command}' was still running after verify-timeout (${formatTimeout(request.timeoutMs)}) and was stopped. Its last lines:\n${tail}`,
    };
  }
  return {
    check: 'verify-command',
    passed: finished.exitCode === 0,
    message:
      finished.exitCode === 0
        ? `'${request.command}' passed`
        : `'${request.command}' exited with code ${finished.exitCode ?? 'none (killed)'}. Its last lines:\n${tail}`,
  };
}

import { getExecOutput } from '@actions/exec';
import type { CheckResult } from '../model/check-result.js';
import { outputTail } from '../assembly/synthesize.js';

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
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(base)) {
    if (value === undefined) continue;
    if (key.startsWith('INPUT_') || key.startsWith('ACTIONS_')) continue;
    env[key] = value;
  }
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
}

/** Runs the user's verify command without a shell; a non-zero exit fails the check. */
export async function runVerifyCommand(request: VerifyCommandRequest): Promise<CheckResult> {
  try {
    const result = await getExecOutput(request.command, [], {
      cwd: request.workingDirectory,
      env: request.env,
      ignoreReturnCode: true,
    });
    const tail = outputTail(`${result.stdout}\n${result.stderr}`, 20);
    return {
      check: 'verify-command',
      passed: result.exitCode === 0,
      message:
        result.exitCode === 0
          ? `'${request.command}' passed`
          : `'${request.command}' exited with code ${result.exitCode}. Its last lines:\n${tail}`,
    };
  } catch (error) {
    return {
      check: 'verify-command',
      passed: false,
      message: `Input 'verify-command': '${request.command}' could not start: ${(error as Error).message}`,
    };
  }
}

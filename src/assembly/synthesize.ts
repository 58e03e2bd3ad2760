import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { getExecOutput } from '@actions/exec';
import { AssemblyError } from '../errors.js';

export interface SynthesisRequest {
  readonly workingDirectory: string;
  /** Run without a shell: its words are split as @actions/exec does. Null: use `cloudAssembly`. */
  readonly synthCommand: string | null;
  readonly cloudAssembly: string | null;
  readonly env?: NodeJS.ProcessEnv;
}

const OUTPUT_TAIL_LINES = 30;

export function outputTail(text: string, lines = OUTPUT_TAIL_LINES): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

/** Where `cdk synth` writes in this directory: cdk.json's `output`, or cdk.out. */
export function defaultAssemblyDirectory(workingDirectory: string): string {
  const cdkJson = join(workingDirectory, 'cdk.json');
  if (existsSync(cdkJson)) {
    try {
      const output = (JSON.parse(readFileSync(cdkJson, 'utf8')) as { output?: unknown }).output;
      if (typeof output === 'string' && output.length > 0) return resolve(workingDirectory, output);
    } catch {
      // an unreadable cdk.json is the synth command's to report
    }
  }
  return join(workingDirectory, 'cdk.out');
}

/** Runs the user's synth command (or takes the given assembly) and returns the assembly folder. */
export async function synthesize(request: SynthesisRequest): Promise<string> {
  const directory = request.cloudAssembly ?? defaultAssemblyDirectory(request.workingDirectory);
  if (request.synthCommand) {
    let result;
    try {
      result = await getExecOutput(request.synthCommand, [], {
        cwd: request.workingDirectory,
        ignoreReturnCode: true,
        env: request.env as Record<string, string> | undefined,
      });
    } catch (error) {
      throw new AssemblyError(
        `Input 'synth-command': '${request.synthCommand}' could not start: ${(error as Error).message}`,
        { cause: error },
      );
    }
    if (result.exitCode !== 0) {
      throw new AssemblyError(
        `Input 'synth-command': '${request.synthCommand}' exited with code ${result.exitCode}; fix the app or the command so that it synthesizes in '${request.workingDirectory}'. Its last lines:\n${outputTail(`${result.stdout}\n${result.stderr}`)}`,
      );
    }
  }
  if (!existsSync(join(directory, 'manifest.json'))) {
    const input = request.cloudAssembly ? 'cloud-assembly' : 'synth-command';
    throw new AssemblyError(
      `Input '${input}': no cloud assembly at '${directory}' (manifest.json missing). Point 'cloud-assembly' at the cdk.out folder, or set 'synth-command' to a command that writes it.`,
    );
  }
  return directory;
}

import { execFile } from 'node:child_process';

/** The container client the CDK's publisher runs: `CDK_DOCKER`, else `docker`. */
export function dockerCommand(env: NodeJS.ProcessEnv = process.env): string {
  return env.CDK_DOCKER || 'docker';
}

export interface DockerAnswer {
  /** The exit code; null when the command could not be started (`spawnError` says why). */
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly spawnError?: NodeJS.ErrnoException;
}

/** Runs one short docker command (a probe, never a build) and collects what it says. */
export function runDocker(args: readonly string[], timeoutMs = 30_000): Promise<DockerAnswer> {
  return new Promise((resolve) => {
    execFile(dockerCommand(), [...args], { timeout: timeoutMs }, (error, stdout, stderr) => {
      const failure = error as (NodeJS.ErrnoException & { code?: unknown }) | null;
      if (failure && typeof failure.code === 'string') {
        resolve({ code: null, stdout, stderr, spawnError: failure });
        return;
      }
      const code = failure ? (typeof failure.code === 'number' ? failure.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

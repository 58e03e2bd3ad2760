import { mkdirSync, mkdtempSync, readFileSync, rmSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './synth.js';

/** The docker stand-in: a `docker` executable that records its calls (see its header). */
export const dockerStandInDir = join(repoRoot, '__tests__', 'support', 'docker-stand-in');
export const dockerStandIn = join(dockerStandInDir, 'docker');

export interface DockerCall {
  readonly argv: string[];
  readonly cwd: string;
  readonly env: Record<string, string>;
  readonly stdin: string | null;
  readonly at: number;
}

export interface StandIn {
  /** Its state folder (calls.jsonl, images/, logins/) and an empty docker config folder. */
  readonly dir: string;
  readonly dockerConfig: string;
  /** The environment that puts the stand-in in front: CDK_DOCKER, its state and docker config. */
  env(switches?: Record<string, string>): Record<string, string>;
  /** The same with the stand-in first on PATH instead of CDK_DOCKER. */
  pathEnv(switches?: Record<string, string>): Record<string, string>;
  calls(command?: string): DockerCall[];
  /** Writes the docker config (config.json) docker would read. */
  writeDockerConfig(config: object): void;
  /** Forgets every call, local image and login. */
  clear(): void;
  remove(): void;
}

export function dockerStandInState(): StandIn {
  const dir = mkdtempSync(join(tmpdir(), 'docker-stand-in-'));
  const dockerConfig = join(dir, 'docker-config');
  const state = join(dir, 'state');
  mkdirSync(dockerConfig, { recursive: true });
  mkdirSync(state, { recursive: true });
  const common = (switches: Record<string, string>): Record<string, string> => ({
    DOCKER_STAND_IN_DIR: state,
    DOCKER_CONFIG: dockerConfig,
    ...switches,
  });
  return {
    dir: state,
    dockerConfig,
    env: (switches = {}) => ({ CDK_DOCKER: dockerStandIn, ...common(switches) }),
    pathEnv: (switches = {}) => ({
      PATH: `${dockerStandInDir}:${process.env.PATH ?? ''}`,
      ...common(switches),
    }),
    calls(command) {
      const file = join(state, 'calls.jsonl');
      if (!existsSync(file)) return [];
      const calls = readFileSync(file, 'utf8')
        .split('\n')
        .filter((line) => line.length > 0)
        .map((line) => JSON.parse(line) as DockerCall);
      return command ? calls.filter((call) => call.argv[0] === command) : calls;
    },
    writeDockerConfig(config) {
      writeFileSync(join(dockerConfig, 'config.json'), JSON.stringify(config));
    },
    clear() {
      rmSync(state, { recursive: true, force: true });
      mkdirSync(state, { recursive: true });
      rmSync(join(dockerConfig, 'config.json'), { force: true });
    },
    remove() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

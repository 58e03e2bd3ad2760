import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

interface DockerConfig {
  readonly credsStore?: unknown;
  readonly credHelpers?: Record<string, unknown>;
}

function onPath(command: string, env: NodeJS.ProcessEnv): boolean {
  return (env.PATH ?? '')
    .split(delimiter)
    .some((dir) => dir.length > 0 && existsSync(join(dir, command)));
}

/**
 * Why `docker login` to an ECR registry would fail with the docker config the job has, or
 * undefined: a credential helper for that registry (docker then stores the login through it, and
 * amazon-ecr-credential-helper cannot store), or a `credsStore` whose helper is not installed
 * (a config copied from a desktop, where it is `desktop` or `osxkeychain`).
 */
export function credentialStoreClash(
  registry: string,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  const file = join(env.DOCKER_CONFIG || join(homedir(), '.docker'), 'config.json');
  let config: DockerConfig;
  try {
    config = JSON.parse(readFileSync(file, 'utf8')) as DockerConfig;
  } catch {
    return undefined;
  }
  const helper = config.credHelpers?.[registry];
  if (typeof helper === 'string' && helper.length > 0) {
    return `${file} sets credHelpers["${registry}"] to "${helper}", so docker keeps the login to that registry in docker-credential-${helper}, which the ECR login the CDK's publisher does cannot use. Remove that entry (the action logs in to ECR itself with the image publishing role), or point DOCKER_CONFIG at a folder without it for this step.`;
  }
  const store = config.credsStore;
  if (typeof store === 'string' && store.length > 0 && !onPath(`docker-credential-${store}`, env)) {
    return `${file} sets credsStore to "${store}", and docker-credential-${store} is not on the PATH, so docker login cannot store the ECR token. Remove "credsStore" from that file (docker then keeps the short-lived token in the file), install that helper, or point DOCKER_CONFIG at an empty folder for this step.`;
  }
  return undefined;
}

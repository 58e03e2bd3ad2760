import { DeploymentError } from '../errors.js';
import { dockerCommand, type DockerAnswer } from './docker-cli.js';

/** A failure of one image, worded for each stack that uses the image. */
export type StackError = (stack: string) => DeploymentError;

const DAEMON_DOWN =
  /Cannot connect to the Docker daemon|Is the docker daemon running|docker daemon is not running|error during connect/i;
const PUSH_REFUSED =
  /denied|unauthorized|not authorized|no basic auth credentials|authentication required|403 Forbidden/i;
const CREDENTIAL_STORE = /error (storing|getting) credentials|docker-credential-/i;
const NOT_FOUND = /Failed to find and execute/;
const BUILD_OUTPUT_LINES = 20;

/** Where an image's publishing failed: what the error message should say. */
export interface ImageFailureContext {
  readonly stack: string;
  readonly assetId: string;
  readonly repository: string;
  readonly stage: 'build' | 'push' | 'check';
  /** What the build printed, newest last, for a failed build. */
  readonly output?: readonly string[];
}

function lastLines(text: string, count: number): string {
  return text
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .slice(-count)
    .join('\n');
}

export function noDockerError(stack: string, assetId: string, cause?: unknown): DeploymentError {
  const command = dockerCommand();
  return new DeploymentError(
    `Stack ${stack}: image asset ${assetId} needs '${command}' to build it, and '${command}' is not on the PATH. Install Docker on the runner (GitHub-hosted Ubuntu runners have it), or set CDK_DOCKER to a compatible client (e.g. podman or finch) that is on the PATH.`,
    { stack, cause },
  );
}

export function daemonDownError(stack: string, assetId: string, cause?: unknown): DeploymentError {
  return new DeploymentError(
    `Stack ${stack}: image asset ${assetId} cannot be built: the Docker daemon is not running ('${dockerCommand()}' says "Cannot connect to the Docker daemon"). Start it before this step, or run the job on a runner with Docker (GitHub-hosted Ubuntu runners have it; macOS and Windows ones and most containers do not).`,
    { stack, cause },
  );
}

export function lookupError(stack: string, assetId: string, said: string): DeploymentError {
  return new DeploymentError(
    `Stack ${stack}: image asset ${assetId} cannot be published: ${said} (the CDK bootstrap creates the container assets repository; the image publishing role needs ecr:DescribeRepositories and ecr:DescribeImages on it).`,
    { stack },
  );
}

export function credentialStoreError(
  stack: string,
  assetId: string,
  detail: string,
  cause?: unknown,
): DeploymentError {
  return new DeploymentError(
    `Stack ${stack}: image asset ${assetId}: the ECR login cannot be stored: ${detail}`,
    { stack, cause },
  );
}

/** The publisher's error, said in words the user can act on. */
export function describeImageFailure(error: Error, context: ImageFailureContext): DeploymentError {
  const { stack, assetId, repository } = context;
  const message = error.message;
  if ((error as NodeJS.ErrnoException).code === 'ENOENT' || NOT_FOUND.test(message)) {
    return noDockerError(stack, assetId, error);
  }
  if (DAEMON_DOWN.test(message)) return daemonDownError(stack, assetId, error);
  if (CREDENTIAL_STORE.test(message)) {
    return credentialStoreError(
      stack,
      assetId,
      `${lastLines(message, 3)}. Remove 'credsStore' (or the 'credHelpers' entry for the registry) from the docker config (DOCKER_CONFIG, else ~/.docker/config.json), or install that credential helper.`,
      error,
    );
  }
  if (context.stage === 'build') {
    // The error holds what docker wrote to stderr (BuildKit's progress); else the lines logged.
    const output = message.split('\n').length > 2 ? message : (context.output ?? []).join('\n');
    return new DeploymentError(
      `Stack ${stack}: building image asset ${assetId} failed. The build's last lines:\n${lastLines(output, BUILD_OUTPUT_LINES)}`,
      { stack, cause: error },
    );
  }
  if (context.stage === 'push' && PUSH_REFUSED.test(message)) {
    return new DeploymentError(
      `Stack ${stack}: pushing image asset ${assetId} to ${repository} was refused: ${lastLines(message, 2)}. The image publishing role (or the job's credentials) needs ecr:InitiateLayerUpload, ecr:UploadLayerPart, ecr:CompleteLayerUpload, ecr:BatchCheckLayerAvailability and ecr:PutImage on ${repository}, and the docker login must be to its registry.`,
      { stack, cause: error },
    );
  }
  return new DeploymentError(
    `Stack ${stack}: publishing image asset ${assetId} to ${repository} failed: ${lastLines(message, BUILD_OUTPUT_LINES)}`,
    { stack, cause: error },
  );
}

/**
 * What `docker version` says about the container client the run has: undefined when it can build,
 * or when it fails for another reason than a missing client or daemon (e.g. a client whose
 * `version` differs), which the build then reports in its own words.
 */
export function dockerProblem(answer: DockerAnswer, assetId: string): StackError | undefined {
  const cause = answer.spawnError;
  if (cause) {
    return cause.code === 'ENOENT' || cause.code === 'EACCES'
      ? (stack) => noDockerError(stack, assetId, cause)
      : (stack) => describeImageFailure(cause, { stack, assetId, repository: '', stage: 'check' });
  }
  const said = `${answer.stderr}\n${answer.stdout}`.trim();
  if (answer.code === 0 || !DAEMON_DOWN.test(said)) return undefined;
  return (stack) => daemonDownError(stack, assetId, new Error(said));
}

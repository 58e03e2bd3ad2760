import type { StackArtifact } from '../assembly/stack-artifact.js';
import { DeploymentError } from '../errors.js';
import type { ClientSettings, ResolvedEnvironment } from './aws-environment.js';
import { nameFailedAttempts } from './call-names.js';

export const DEFAULT_BOOTSTRAP_PARAMETER = '/cdk-bootstrap/hnb659fds/version';

/** Checks the bootstrap version once per environment and parameter, with the CLI's wording. */
export class BootstrapCheck {
  private readonly versions = new Map<string, Promise<number>>();

  async check(
    artifact: StackArtifact,
    env: ResolvedEnvironment,
    settings: ClientSettings,
  ): Promise<void> {
    const required = artifact.requiresBootstrapStackVersion;
    if (required === undefined) return;
    const parameter = artifact.bootstrapStackVersionSsmParameter ?? DEFAULT_BOOTSTRAP_PARAMETER;
    const key = `${env.account}/${env.region}/${parameter}`;
    let version = this.versions.get(key);
    if (!version) {
      version = readVersion(settings, parameter, artifact.stackName);
      this.versions.set(key, version);
    }
    const found = await version;
    if (found < required) {
      throw new DeploymentError(
        `Stack ${artifact.stackName}: This CDK deployment requires bootstrap stack version '${required}', found '${found}'. Please run 'cdk bootstrap'.`,
        { stack: artifact.stackName },
      );
    }
  }
}

async function readVersion(
  settings: ClientSettings,
  parameter: string,
  stackName: string,
): Promise<number> {
  // The SSM client is loaded on first use: most of a run's start-up is parsing the bundle.
  const { GetParameterCommand, SSMClient } = await import('@aws-sdk/client-ssm');
  const ssm = nameFailedAttempts(new SSMClient(settings));
  try {
    const answer = await ssm.send(new GetParameterCommand({ Name: parameter }));
    const version = Number(answer.Parameter?.Value);
    if (!Number.isFinite(version)) {
      throw new Error(`its value '${answer.Parameter?.Value ?? ''}' is not a number`);
    }
    return version;
  } catch (error) {
    const name = (error as { name?: string }).name;
    const detail =
      name === 'ParameterNotFound'
        ? `SSM parameter ${parameter} not found. Has the environment been bootstrapped? Please run 'cdk bootstrap'.`
        : `reading SSM parameter ${parameter} failed: ${(error as Error).message}`;
    throw new DeploymentError(`Stack ${stackName}: ${detail}`, { stack: stackName, cause: error });
  } finally {
    ssm.destroy();
  }
}

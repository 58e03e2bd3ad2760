import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { StackArtifact } from '../assembly/stack-artifact.js';
import type {
  AwsEnvironments,
  ClientSettings,
  ResolvedEnvironment,
} from '../aws/aws-environment.js';
import { nameFailedAttempts } from '../aws/call-names.js';

export interface StackTarget {
  readonly env: ResolvedEnvironment;
  readonly settings: ClientSettings;
  readonly client: CloudFormationClient;
}

export type WarningLog = (message: string) => void;

/**
 * Where and as whom a stack is deployed: the deploy role of its manifest, assumed as `cdk deploy`
 * does; when it cannot be assumed, the current credentials are used with a warning, as the CLI does.
 */
export async function stackTarget(
  artifact: StackArtifact,
  environments: AwsEnvironments,
  warn: WarningLog,
): Promise<StackTarget> {
  const env = await environments.resolve(artifact.environment);
  let settings = environments.clientSettings(
    env,
    artifact.assumeRoleArn,
    artifact.assumeRoleExternalId,
  );
  if (settings.credentials) {
    try {
      await settings.credentials();
    } catch (error) {
      warn(
        `Could not assume the deploy role ${artifact.assumeRoleArn ?? ''} (${(error as Error).message}); using the current credentials. Bootstrap the environment with 'cdk bootstrap --trust' for the account that runs this workflow.`,
      );
      settings = environments.clientSettings(env, undefined);
    }
  }
  return { env, settings, client: nameFailedAttempts(new CloudFormationClient(settings)) };
}

import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { StackArtifact } from '../assembly/stack-artifact.js';
import {
  deployRoleOf,
  type AwsEnvironments,
  type ClientSettings,
  type ResolvedEnvironment,
} from '../aws/aws-environment.js';
import { nameFailedAttempts } from '../aws/call-names.js';

export interface StackTarget {
  readonly env: ResolvedEnvironment;
  readonly settings: ClientSettings;
  readonly client: CloudFormationClient;
}

/** Where and as whom a stack is deployed (the deploy role, or the current credentials), with a client. */
export async function stackTarget(
  artifact: StackArtifact,
  environments: AwsEnvironments,
  warn: (message: string) => void,
  openClient: (settings: ClientSettings) => CloudFormationClient,
): Promise<StackTarget> {
  const { env, settings } = await environments.roleTarget(deployRoleOf(artifact), warn);
  return { env, settings, client: nameFailedAttempts(openClient(settings)) };
}

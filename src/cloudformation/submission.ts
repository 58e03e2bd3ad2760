import { readFileSync } from 'node:fs';
import type { Parameter, Stack as CfnStack, Tag } from '@aws-sdk/client-cloudformation';
import type { StackArtifact } from '../assembly/stack-artifact.js';
import { fillPlaceholders, type ResolvedEnvironment } from '../aws/aws-environment.js';
import type { ParameterValues } from '../settings/parameters.js';
import { parameterDefaults, stackParameters } from './stack-parameters.js';

/** What a change set for the stack submits, besides where its template is read from. */
export interface Submission {
  readonly templateBody: string;
  readonly parameters: readonly Parameter[];
  /** Template defaults of the parameters not given a value. */
  readonly parameterDefaults: Readonly<Record<string, string>>;
  readonly tags: readonly Tag[];
  readonly roleArn: string | undefined;
  readonly notificationArns: readonly string[];
  readonly terminationProtection: boolean;
}

/** The CloudFormation execution role of the manifest, its placeholders filled in. */
export function executionRoleArn(
  artifact: StackArtifact,
  env: ResolvedEnvironment,
): string | undefined {
  const role = artifact.cloudFormationExecutionRoleArn;
  return role ? fillPlaceholders(role, env) : undefined;
}

/** What deploying the stack submits, given the stack as it is (its previous parameter values). */
export function submissionFor(
  artifact: StackArtifact,
  values: ParameterValues,
  existing: CfnStack | undefined,
  env: ResolvedEnvironment,
): Submission {
  const parameters = stackParameters(artifact, values, existing);
  return {
    templateBody: readFileSync(artifact.templatePath, 'utf8'),
    parameters,
    parameterDefaults: parameterDefaults(artifact, parameters),
    tags: Object.entries(artifact.tags).map(([Key, Value]) => ({ Key, Value })),
    roleArn: executionRoleArn(artifact, env),
    notificationArns: artifact.notificationArns,
    terminationProtection: artifact.terminationProtection,
  };
}

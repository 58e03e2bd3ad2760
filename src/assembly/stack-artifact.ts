export interface StackEnvironment {
  /** `unknown-account` for environment-agnostic stacks. */
  readonly account: string;
  /** `unknown-region` for environment-agnostic stacks. */
  readonly region: string;
}

/** A stack of the cloud assembly, with paths made absolute and dependencies named by stack id. */
export interface StackArtifact {
  /** The hierarchical id the CDK CLI selects by: `Api`, or `Prod/Api` inside a Stage. */
  readonly id: string;
  readonly artifactId: string;
  readonly stackName: string;
  readonly environment: StackEnvironment;
  readonly templatePath: string;
  readonly template: CloudFormationTemplate;
  readonly parameters: Readonly<Record<string, string>>;
  readonly tags: Readonly<Record<string, string>>;
  readonly assumeRoleArn?: string;
  readonly assumeRoleExternalId?: string;
  /** The bootstrap stack's read-only role (`lookupRole`), which reads are made as. */
  readonly lookupRoleArn?: string;
  readonly lookupRoleExternalId?: string;
  readonly cloudFormationExecutionRoleArn?: string;
  readonly stackTemplateAssetObjectUrl?: string;
  readonly requiresBootstrapStackVersion?: number;
  readonly bootstrapStackVersionSsmParameter?: string;
  readonly terminationProtection: boolean;
  readonly notificationArns: readonly string[];
  /** Ids (as in `id`) of the stacks this one depends on. */
  readonly dependencies: readonly string[];
  readonly assetManifestPaths: readonly string[];
  /** True for stacks of the root assembly, which `cdk deploy --all` selects. */
  readonly topLevel: boolean;
}

export interface CloudFormationTemplate {
  readonly AWSTemplateFormatVersion?: string;
  readonly Parameters?: Record<string, { Type?: string; Default?: unknown; [k: string]: unknown }>;
  readonly Resources?: Record<string, TemplateResource>;
  readonly Outputs?: Record<string, { Value?: unknown; Condition?: string; [k: string]: unknown }>;
  readonly [key: string]: unknown;
}

export interface TemplateResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly [key: string]: unknown;
}

export function environmentName(env: StackEnvironment): string {
  return `aws://${env.account}/${env.region}`;
}

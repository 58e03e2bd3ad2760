import type { AssetPublisher } from '../assets/publish-assets.js';
import type { AwsEnvironments } from '../aws/aws-environment.js';
import type { BootstrapCheck } from '../aws/bootstrap-check.js';
import type { StackEngine } from '../cloudformation/engine.js';
import type { ParameterValues } from '../settings/parameters.js';

/** What every stack of one run shares; closed once the run ends. */
export interface DeployContext {
  readonly deploymentId: string;
  /** The only way to CloudFormation. */
  readonly engine: StackEngine;
  readonly environments: AwsEnvironments;
  readonly bootstrap: BootstrapCheck;
  readonly assets: AssetPublisher;
  readonly parameters: ParameterValues;
}

export type ContextFactory = (deploymentId: string) => DeployContext;

import type { AssetPublisher } from '../assets/publish-assets.js';
import type { AwsEnvironments } from '../cloudformation/aws-environment.js';
import type { BootstrapCheck } from '../cloudformation/bootstrap-check.js';
import type { Sleep } from '../cloudformation/polling.js';
import type { ParameterValues } from '../parameters.js';

/** What every stack deployment of one run shares. */
export interface DeployContext {
  readonly deploymentId: string;
  readonly environments: AwsEnvironments;
  readonly bootstrap: BootstrapCheck;
  readonly assets: AssetPublisher;
  readonly parameters: ParameterValues;
  readonly sleep: Sleep;
}

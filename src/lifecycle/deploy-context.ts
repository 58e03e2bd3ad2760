import type { AssetPublisher } from '../assets/publish-assets.js';
import type { AwsEnvironments } from '../aws/aws-environment.js';
import type { BootstrapCheck } from '../aws/bootstrap-check.js';
import type { Sleep } from '../util/sleep.js';
import type { ParameterValues } from '../settings/parameters.js';

/** What every stack deployment of one run shares. */
export interface DeployContext {
  readonly deploymentId: string;
  readonly environments: AwsEnvironments;
  readonly bootstrap: BootstrapCheck;
  readonly assets: AssetPublisher;
  readonly parameters: ParameterValues;
  readonly sleep: Sleep;
  /** How long one stack operation of the run may take (stack-timeout), in ms; no bound if omitted. */
  readonly stackTimeoutMs?: number;
  /** How long to wait for a stack another operation is changing (busy-stack-timeout), in ms. */
  readonly busyStackTimeoutMs?: number;
  /** The clock of those timeouts (ms); Date.now by default. */
  readonly now?: () => number;
}

import { AssetPublisher } from './assets/publish-assets.js';
import { AwsEnvironments } from './aws/aws-environment.js';
import { BootstrapCheck } from './aws/bootstrap-check.js';
import { CloudFormationEngine } from './cloudformation/cloudformation-engine.js';
import { realSleep, type Sleep } from './util/sleep.js';
import type { DeployContext } from './lifecycle/deploy-context.js';
import type { Settings } from './settings/settings.js';

/** A rollback waits at least this long for CloudFormation, whatever stack-timeout says. */
const MIN_ROLLBACK_WAIT_MS = 30 * 60 * 1000;

export interface ContextOptions {
  /** Where the AWS clients' retries are logged. */
  readonly retryLog?: (line: string) => void;
  /** The sleep of the run's waits; a cancellable one ends them at once on a cancel. */
  readonly sleep?: Sleep;
}

/** What the stacks of one run share, from the step's settings (the main and the post step). */
export function deployContextFor(
  settings: Settings,
  deploymentId: string,
  options: ContextOptions = {},
): DeployContext {
  const environments = new AwsEnvironments(settings.region, undefined, options.retryLog);
  const engine = new CloudFormationEngine({
    deploymentId,
    environments,
    waits: {
      sleep: options.sleep ?? realSleep,
      // Deleting what the run made (a plan's change set) is not cut short by a cancel.
      cleanupSleep: realSleep,
      now: Date.now,
      stackTimeoutMs: settings.stackTimeoutMs,
      busyStackTimeoutMs: settings.busyStackTimeoutMs,
      rollbackWaitMs: Math.max(settings.stackTimeoutMs, MIN_ROLLBACK_WAIT_MS),
    },
  });
  return {
    deploymentId,
    engine,
    environments,
    bootstrap: new BootstrapCheck(),
    assets: new AssetPublisher(() => environments.retrySettings(), {
      imageBuildConcurrency: settings.imageBuildConcurrency,
    }),
    parameters: settings.parameters,
  };
}

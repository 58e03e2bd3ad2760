import { AssetPublisher } from './assets/publish-assets.js';
import { AwsEnvironments } from './aws/aws-environment.js';
import { BootstrapCheck } from './aws/bootstrap-check.js';
import { realSleep } from './util/sleep.js';
import type { DeployContext } from './lifecycle/deploy-context.js';
import type { Settings } from './settings/settings.js';

/** What the stacks of one run share, from the step's settings (the main and the post step). */
export function deployContextFor(
  settings: Settings,
  deploymentId: string,
  retryLog?: (line: string) => void,
): DeployContext {
  const environments = new AwsEnvironments(settings.region, undefined, retryLog);
  return {
    deploymentId,
    environments,
    bootstrap: new BootstrapCheck(),
    assets: new AssetPublisher(() => environments.retrySettings()),
    parameters: settings.parameters,
    sleep: realSleep,
    stackTimeoutMs: settings.stackTimeoutMs,
    busyStackTimeoutMs: settings.busyStackTimeoutMs,
  };
}

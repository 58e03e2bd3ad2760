import { AssetPublisher } from '../../src/assets/publish-assets.js';
import { AwsEnvironments } from '../../src/cloudformation/aws-environment.js';
import { BootstrapCheck } from '../../src/cloudformation/bootstrap-check.js';
import { realSleep } from '../../src/cloudformation/polling.js';
import type { DeploymentRun } from '../../src/lifecycle/deployment-run.js';
import { runDeployment } from '../../src/lifecycle/run-deployment.js';
import type { LogEntry } from '../../src/model/log-entry.js';
import type { Settings } from '../../src/settings.js';
import { testSettings } from './settings.js';

/** Runs the lifecycle in-process with the real engine, against whatever AWS_ENDPOINT_URL names. */
export async function deployAssembly(
  cloudAssembly: string,
  overrides: Partial<Settings> = {},
): Promise<DeploymentRun & { entries: LogEntry[]; retries: string[] }> {
  const settings = testSettings({ cloudAssembly, ...overrides });
  const entries: LogEntry[] = [];
  // The AWS clients' retry lines, which the action writes to the job log.
  const retries: string[] = [];
  const run = await runDeployment(
    settings,
    (deploymentId) => {
      const environments = new AwsEnvironments(settings.region, undefined, (line) =>
        retries.push(line),
      );
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
    },
    { sink: (entry) => entries.push(entry) },
  );
  return { ...run, entries, retries };
}

import { deployContextFor } from '../../src/deploy-context-for.js';
import type { DeploymentRun } from '../../src/lifecycle/deployment-run.js';
import { runLifecycle } from '../../src/lifecycle/run-lifecycle.js';
import type { LogEntry } from '../../src/model/log-entry.js';
import type { Settings } from '../../src/settings/settings.js';
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
  const run = await runLifecycle(
    settings,
    (deploymentId) =>
      deployContextFor(settings, deploymentId, { retryLog: (line) => retries.push(line) }),
    { sink: (entry) => entries.push(entry) },
  );
  return { ...run, entries, retries };
}

import { DeploymentError } from '../errors.js';
import { createLimiter } from '../util/limiter.js';
import type { RunScope } from './mode.js';
import { stackLog } from './stack-log.js';

/**
 * `drift: fail`: drift detection on every selected stack that exists, at most `concurrency` at
 * once, before anything is deployed. A drifted stack stops the run, every drifted resource listed.
 */
export async function checkDrift(scope: RunScope): Promise<void> {
  const { run, work, context, settings } = scope;
  const limit = createLimiter(settings.concurrency);
  run.deployment.log('info', `Detecting drift on ${work.length} stack(s)`);
  const reports = await Promise.all(
    work.map(({ stack, artifact }) =>
      limit(async () => {
        const log = stackLog(run, stack);
        const report = await context.engine.detectDrift(artifact, log);
        if (report.status === 'DRIFTED') {
          for (const resource of report.drifted) {
            log(
              'error',
              `Drifted: ${resource.logicalId} (${resource.resourceType}) ${resource.status}${resource.differences.length ? `: ${resource.differences.join('; ')}` : ''}`,
              resource.logicalId,
            );
          }
        } else if (report.status === 'UNKNOWN') {
          log('warning', `Drift detection could not finish: ${report.reason}`);
        } else if (report.status === 'IN_SYNC') {
          log('info', 'No drift');
        }
        return { name: stack.name, report };
      }),
    ),
  );
  const drifted = reports.filter((r) => r.report.status === 'DRIFTED');
  if (drifted.length === 0) return;
  const lines = drifted.map(
    ({ name, report }) =>
      `${name}: ${report.drifted.map((r) => `${r.logicalId} (${r.resourceType}, ${r.status})`).join(', ')}`,
  );
  throw new DeploymentError(
    `Drift detected, so nothing was deployed (drift: fail): ${lines.join('; ')}. Bring the resources back to the template (drift: revert deploys drift-aware change sets) or update the template, then run again.`,
  );
}

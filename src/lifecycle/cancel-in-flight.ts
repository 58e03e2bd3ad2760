import type { DeployContext } from './deploy-context.js';
import type { DeploymentRun } from './deployment-run.js';

/**
 * After a cancel: asks CloudFormation to cancel every update this run started and did not see
 * finish. Creates and deletes cannot be cancelled; the post step waits for them.
 */
export async function cancelInFlight(run: DeploymentRun, context: DeployContext): Promise<void> {
  const inFlight = run.stacks.filter((s) => s.executed && s.status !== 'deployed' && s.stackArn);
  await Promise.all(
    inFlight.map(async (stack) => {
      const log = (level: 'info' | 'warning', message: string) =>
        run.deployment.log(level, message, { stack: stack.name });
      const artifact = run.artifacts.get(stack.id);
      if (!artifact || !stack.stackArn) return;
      try {
        const result = await context.engine.cancelUpdate(artifact, stack.stackArn);
        if (result.outcome === 'cancelled') {
          log('info', 'Update cancelled: CloudFormation rolls it back');
        } else if (result.status?.endsWith('_IN_PROGRESS')) {
          log('info', `${result.status} cannot be cancelled; the post step waits for it`);
        }
      } catch (error) {
        log('warning', `Could not cancel the update: ${(error as Error).message}`);
      }
    }),
  );
}

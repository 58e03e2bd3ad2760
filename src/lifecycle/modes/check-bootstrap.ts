import { deployRoleOf } from '../../aws/aws-environment.js';
import type { StackWork } from '../deployment-run.js';
import type { RunScope } from '../mode.js';

/** The bootstrap version the stack needs, checked as the role it is deployed as. */
export async function checkBootstrap(work: StackWork, scope: RunScope): Promise<void> {
  const { artifact, stack } = work;
  const { context, run } = scope;
  const warn = (message: string): void =>
    run.deployment.log('warning', message, { stack: stack.name });
  const { env, settings } = await context.environments.roleTarget(deployRoleOf(artifact), warn);
  await context.bootstrap.check(artifact, env, settings);
}

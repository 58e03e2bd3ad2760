import type { StackLog } from '../cloudformation/engine.js';
import type { Stack } from '../model/stack.js';
import type { DeploymentRun } from './deployment-run.js';

/** The run's log, each line naming the stack (and the resource, when there is one). */
export function stackLog(run: DeploymentRun, stack: Stack): StackLog {
  return (level, message, resource) =>
    run.deployment.log(level, message, { stack: stack.name, resource });
}

import type { Stack } from '../model/stack.js';

/**
 * `{ "<stackName>": { "<OutputKey>": "<value>" } }` for every deployed stack with outputs, as `cdk
 * deploy --outputs-file` writes (a stack without outputs is left out, as the CLI leaves it out);
 * after a rollback, as the stacks are now (a deleted stack is left out).
 */
export function cdkOutputs(stacks: readonly Stack[]): Record<string, Record<string, string>> {
  const outputs: Record<string, Record<string, string>> = {};
  for (const stack of stacks) {
    const deleted = stack.rollback?.action === 'delete' && stack.rollback.succeeded;
    const hasOutputs = Object.keys(stack.outputs).length > 0;
    if (stack.status === 'deployed' && !deleted && hasOutputs) {
      outputs[stack.name] = { ...stack.outputs };
    }
  }
  return outputs;
}

/**
 * The step output name of one stack output: `<StackName>_<OutputKey>`, with every character that
 * a step output name cannot hold (anything but letters, digits, '-' and '_') turned into '_'.
 */
export function stackOutputName(stackName: string, outputKey: string): string {
  const name = `${stackName}_${outputKey}`.replace(/[^A-Za-z0-9_-]/g, '_');
  return /^[A-Za-z_]/.test(name) ? name : `_${name}`;
}

import type { LiveStack } from './engine.js';
import {
  type CloudFormationClient,
  DescribeStacksCommand,
  type Stack as CfnStack,
} from '@aws-sdk/client-cloudformation';

function isMissingStack(error: unknown): boolean {
  const e = error as { name?: string; message?: string };
  return e.name === 'ValidationError' && /does not exist/.test(e.message ?? '');
}

/** The stack as CloudFormation has it now, or undefined when there is none (or it was deleted). */
export async function describeStack(
  client: CloudFormationClient,
  stackName: string,
): Promise<CfnStack | undefined> {
  try {
    const answer = await client.send(new DescribeStacksCommand({ StackName: stackName }));
    const stack = answer.Stacks?.[0];
    return stack?.StackStatus === 'DELETE_COMPLETE' ? undefined : stack;
  } catch (error) {
    if (isMissingStack(error)) return undefined;
    throw error;
  }
}

export function outputsOf(stack: CfnStack | undefined): Record<string, string> {
  const outputs: Record<string, string> = {};
  for (const output of stack?.Outputs ?? []) {
    if (output.OutputKey) outputs[output.OutputKey] = output.OutputValue ?? '';
  }
  return outputs;
}

/** The engine's view of a described stack. */
export function liveStack(stack: CfnStack): LiveStack {
  return {
    stackId: stack.StackId ?? '',
    status: stack.StackStatus ?? '',
    outputs: outputsOf(stack),
  };
}

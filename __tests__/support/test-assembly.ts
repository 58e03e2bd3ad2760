import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestStack {
  readonly name: string;
  readonly dependsOn?: readonly string[];
}

/**
 * A cloud assembly written by hand, for tests that drive the lifecycle without synthesizing: each
 * stack has one queue and one output, in account 123456789012, us-east-1, with no deploy role and
 * no bootstrap requirement, so nothing but the engine is asked.
 */
export function writeTestAssembly(stacks: readonly TestStack[]): string {
  const directory = mkdtempSync(join(tmpdir(), 'cdk-deploy-action-assembly-'));
  const artifacts: Record<string, unknown> = {};
  for (const stack of stacks) {
    const templateFile = `${stack.name}.template.json`;
    writeFileSync(
      join(directory, templateFile),
      JSON.stringify({
        Resources: { Queue: { Type: 'AWS::SQS::Queue' } },
        Outputs: { QueueUrl: { Value: { Ref: 'Queue' } } },
      }),
    );
    artifacts[stack.name] = {
      type: 'aws:cloudformation:stack',
      environment: 'aws://123456789012/us-east-1',
      properties: { templateFile },
      dependencies: [...(stack.dependsOn ?? [])],
      displayName: stack.name,
    };
  }
  writeFileSync(join(directory, 'manifest.json'), JSON.stringify({ version: '55.0.0', artifacts }));
  writeFileSync(join(directory, 'cdk.out'), JSON.stringify({ version: '55.0.0' }));
  return directory;
}

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestStack {
  readonly name: string;
  readonly dependsOn?: readonly string[];
  /** `aws://123456789012/us-east-1` unless given. */
  readonly account?: string;
  readonly region?: string;
  /** The manifest's deploy role and lookup role (none unless given). */
  readonly assumeRoleArn?: string;
  readonly lookupRoleArn?: string;
  /** The template, instead of one queue with one output. */
  readonly template?: Record<string, unknown>;
}

/**
 * A cloud assembly written by hand, for tests that drive the lifecycle without synthesizing: each
 * stack has one queue and one output, in account 123456789012, us-east-1 unless it says otherwise,
 * with no role unless it names one and no bootstrap requirement.
 */
export function writeTestAssembly(stacks: readonly TestStack[]): string {
  const directory = mkdtempSync(join(tmpdir(), 'cdk-deploy-action-assembly-'));
  const artifacts: Record<string, unknown> = {};
  for (const stack of stacks) {
    const templateFile = `${stack.name}.template.json`;
    writeFileSync(
      join(directory, templateFile),
      JSON.stringify(
        stack.template ?? {
          Resources: { Queue: { Type: 'AWS::SQS::Queue' } },
          Outputs: { QueueUrl: { Value: { Ref: 'Queue' } } },
        },
      ),
    );
    artifacts[stack.name] = {
      type: 'aws:cloudformation:stack',
      environment: `aws://${stack.account ?? '123456789012'}/${stack.region ?? 'us-east-1'}`,
      properties: {
        templateFile,
        ...(stack.assumeRoleArn ? { assumeRoleArn: stack.assumeRoleArn } : {}),
        ...(stack.lookupRoleArn ? { lookupRole: { arn: stack.lookupRoleArn } } : {}),
      },
      dependencies: [...(stack.dependsOn ?? [])],
      displayName: stack.name,
    };
  }
  writeFileSync(join(directory, 'manifest.json'), JSON.stringify({ version: '55.0.0', artifacts }));
  writeFileSync(join(directory, 'cdk.out'), JSON.stringify({ version: '55.0.0' }));
  return directory;
}

/**
 * Deploy mode's review gate through the lifecycle, with the fake engine (the emulator test covers
 * it on CloudFormation): it runs in `prepare`, so a refused run touches no stack and rolls
 * nothing back, and `expected-plan: pull-request` fails closed.
 */
import { describe, expect, it } from 'vitest';
import { AssetPublisher } from '../../src/assets/publish-assets.js';
import { AwsEnvironments } from '../../src/aws/aws-environment.js';
import { BootstrapCheck } from '../../src/aws/bootstrap-check.js';
import type { DeploymentRun } from '../../src/lifecycle/deployment-run.js';
import type { LifecycleHooks } from '../../src/lifecycle/mode.js';
import { runLifecycle } from '../../src/lifecycle/run-lifecycle.js';
import { toRecordFile } from '../../src/model/record.js';
import { renderJobSummary } from '../../src/report/summary/index.js';
import type { Settings } from '../../src/settings/settings.js';
import { FakeEngine } from '../support/fake-engine.js';
import { testSettings } from '../support/settings.js';
import { writeTestAssembly } from '../support/test-assembly.js';

const assembly = writeTestAssembly([
  { name: 'A' },
  {
    name: 'B',
    dependsOn: ['A'],
    template: {
      Resources: {
        Role: {
          Type: 'AWS::IAM::Role',
          Properties: {
            AssumeRolePolicyDocument: {
              Statement: [
                {
                  Effect: 'Allow',
                  Principal: { Service: 'lambda.amazonaws.com' },
                  Action: 'sts:AssumeRole',
                },
              ],
            },
            ManagedPolicyArns: ['arn:aws:iam::aws:policy/AdministratorAccess'],
          },
        },
      },
    },
  },
]);

function run(
  engine: FakeEngine,
  settings: Partial<Settings>,
  hooks: Partial<LifecycleHooks> = {},
): Promise<DeploymentRun> {
  return runLifecycle(
    testSettings({ cloudAssembly: assembly, ...settings }),
    (deploymentId) => ({
      deploymentId,
      engine,
      environments: new AwsEnvironments('us-east-1'),
      bootstrap: new BootstrapCheck(),
      assets: new AssetPublisher(),
      parameters: { all: {}, byStack: {} },
    }),
    { sink: () => undefined, ...hooks },
  );
}

describe('the review gate of deploy mode', () => {
  it('stops a broadening change before any stack is touched, with the security table in the summary', async () => {
    const engine = new FakeEngine();
    const result = await run(engine, { requireApproval: 'broadening' });
    expect(result.deployment.status).toBe('failed');
    expect(engine.calls).toEqual([]);
    expect(result.deployment.rollback?.outcome).toBe('not-needed');
    expect(result.deployment.approval).toMatchObject({
      required: true,
      reasons: [expect.stringContaining('B: permissions broadened')],
    });
    const summary = renderJobSummary(
      toRecordFile(result.deployment, result.stacks, result.resources),
    );
    expect(summary).toContain('approval-required');
    expect(summary).toContain('`arn:aws:iam::aws:policy/AdministratorAccess`');
  });

  it('under any-change also stops the stack that broadens nothing', async () => {
    const result = await run(new FakeEngine(), { requireApproval: 'any-change', stacks: ['A'] });
    expect(result.deployment.status).toBe('failed');
    expect(result.deployment.approval?.reasons).toEqual(['A: 1 resource change(s)']);
  });

  it('with expected-plan pull-request and no way to read the pull request, fails closed', async () => {
    const engine = new FakeEngine();
    const result = await run(engine, { expectedPlan: { kind: 'pull-request' } });
    expect(result.deployment.status).toBe('failed');
    expect(result.deployment.rollbackReason).toContain("expected-plan is 'pull-request'");
    expect(engine.calls).toEqual([]);
  });

  it('names the stacks that differ from the reviewed plan, and deploys the plan it matches', async () => {
    const first = await run(new FakeEngine(), { mode: 'plan' });
    const planId = first.deployment.planId ?? '';
    const digests = Object.fromEntries(first.stacks.map((s) => [s.name, s.planDigest ?? '']));
    const reviewed =
      (stacks: Record<string, string>, id = planId) =>
      async () => ({
        planId: id,
        stacks,
        complete: true,
        source: 'https://github.example/pr/7#c1',
      });
    const changed = await run(
      new FakeEngine(),
      { expectedPlan: { kind: 'pull-request' } },
      {
        reviewedPlan: reviewed(
          { ...digests, B: `sha256:${'0'.repeat(64)}` },
          `plan-v1:${'0'.repeat(64)}`,
        ),
      },
    );
    expect(changed.deployment.rollbackReason).toMatch(/^plan-changed: .*stacks that differ: B\./);
    const engine = new FakeEngine();
    const matching = await run(
      engine,
      { expectedPlan: { kind: 'pull-request' } },
      {
        reviewedPlan: reviewed(digests),
      },
    );
    expect(matching.deployment.status).toBe('completed');
    expect(matching.deployment.planId).toBe(planId);
  });
});

/**
 * The review workflow against the emulator with a real CDK app: v1 deployed, then v2 grants the
 * function read access to the table (an IAM statement added), v3 only raises its memory.
 */
import { GetTemplateCommand } from '@aws-sdk/client-cloudformation';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DeploymentRun } from '../../src/lifecycle/deployment-run.js';
import { toRecordFile } from '../../src/model/record.js';
import type { Settings } from '../../src/settings/settings.js';
import { renderPullRequestComment } from '../../src/report/summary/index.js';
import { deployAssembly } from '../support/deploy.js';
import { useEmulator } from '../support/emulator.js';
import { modelErrors, validateRecord } from '../support/record-schema.js';
import { synthFixture } from '../support/synth.js';

const account = useEmulator('us-east-1', { processEnv: true });

const assemblies: Record<'v1' | 'v2' | 'v3', string> = { v1: '', v2: '', v3: '' };

async function deployedTemplate(): Promise<string> {
  const answer = await account.cloudFormation.send(
    new GetTemplateCommand({ StackName: 'ReviewApp', TemplateStage: 'Original' }),
  );
  return answer.TemplateBody ?? '';
}

function run(version: keyof typeof assemblies, overrides: Partial<Settings> = {}) {
  return deployAssembly(assemblies[version], overrides);
}

function expectValidRecord(result: DeploymentRun): void {
  const record = toRecordFile(result.deployment, result.stacks, result.resources);
  expect(validateRecord(record)).toEqual([]);
  expect(modelErrors(record)).toEqual([]);
}

beforeAll(async () => {
  for (const version of ['v1', 'v2', 'v3'] as const) {
    assemblies[version] = await synthFixture('review', { APP_VARIANT: version });
  }
}, 120_000);

describe('reviewing a change before it deploys', () => {
  let planIdOfV1 = '';

  it('deploys v1 with a plan id and a diff of every resource added', async () => {
    const result = await run('v1', { requireApproval: 'broadening' });
    // A new stack's role and its trust policy: the first deploy broadens permissions too.
    expect(result.deployment.status).toBe('failed');
    expect(result.deployment.rollbackReason).toContain("require-approval is 'broadening'");
    expect(await account.liveStacks()).toEqual({});
    const first = await run('v1');
    expect(first.deployment.status).toBe('completed');
    planIdOfV1 = first.deployment.planId ?? '';
    expect(planIdOfV1).toMatch(/^plan-v1:[0-9a-f]{64}$/);
    const [stack] = first.stacks;
    expect(stack?.resourceChanges?.map((c) => `${c.action} ${c.resource_type}`).sort()).toEqual([
      'add AWS::DynamoDB::Table',
      'add AWS::IAM::Role',
      'add AWS::Lambda::Function',
    ]);
    expectValidRecord(first);
  }, 120_000);

  it('plans v2 with the IAM statement that grants the function read access', async () => {
    const plan = await run('v2', { mode: 'plan', requireApproval: 'broadening' });
    expect(plan.deployment.status).toBe('completed');
    const [stack] = plan.stacks;
    const statements = stack?.securityChanges?.statements ?? [];
    expect(stack?.securityChanges?.broadening).toBe(true);
    // grantReadData: the table's read actions, and its stream's, for the function's role.
    expect(statements.length).toBeGreaterThan(0);
    for (const statement of statements) {
      expect(statement).toMatchObject({ change: 'added', effect: 'Allow' });
      expect(statement.resources).toMatch(/^\$\{TableCD117FA1\.Arn\}/);
      expect(statement.principals).toMatch(/^AWS:\$\{ReaderServiceRole/);
    }
    expect(statements.map((s) => s.actions).join('\n')).toContain('dynamodb:GetItem');
    expect(stack?.resourceChanges?.map((c) => `${c.action} ${c.resource_type}`)).toEqual([
      'modify AWS::Lambda::Function',
      'add AWS::IAM::Policy',
    ]);
    expect(plan.deployment.approval).toMatchObject({
      required: true,
      require_approval: 'broadening',
    });
    expect(plan.deployment.checks.find((c) => c.check === 'approval-required')?.passed).toBe(true);
    expectValidRecord(plan);

    const comment = renderPullRequestComment(
      toRecordFile(plan.deployment, plan.stacks, plan.resources),
    );
    expect(comment).toContain(`**Plan id:** \`${plan.deployment.planId ?? ''}\``);
    expect(comment).toContain('IAM statement changes');
    expect(comment).toContain('dynamodb:GetItem');
    expect(comment).toContain('⚠️ **Approval required**');
    if (process.env.REVIEW_COMMENT_OUT) {
      const { writeFileSync } = await import('node:fs');
      writeFileSync(process.env.REVIEW_COMMENT_OUT, comment);
    }

    const failing = await run('v2', {
      mode: 'plan',
      requireApproval: 'broadening',
      failOnApprovalRequired: true,
    });
    expect(failing.deployment.status).toBe('failed');
    expect(failing.deployment.rollbackReason).toContain('fail-on-approval-required is true');
  }, 120_000);

  it('stops the v2 deploy under require-approval: broadening with every template unchanged', async () => {
    const before = await deployedTemplate();
    const result = await run('v2', { requireApproval: 'broadening' });
    expect(result.deployment.status).toBe('failed');
    const reason = result.deployment.rollbackReason ?? '';
    expect(reason).toContain('approval-required');
    expect(reason).toContain('require-approval: never');
    expect(reason).toContain('GitHub environment with required reviewers');
    expect(result.deployment.rollback?.outcome).toBe('not-needed');
    expect(result.stacks[0]?.securityChanges?.statements.length).toBeGreaterThan(0);
    expect(result.stacks[0]?.executed).toBe(false);
    expect(await deployedTemplate()).toBe(before);
    expect(await account.liveStacks()).toEqual({ ReviewApp: 'CREATE_COMPLETE' });
    expectValidRecord(result);
  }, 120_000);

  it('refuses v2 bound to the plan of v1, naming the reason plan-changed', async () => {
    const before = await deployedTemplate();
    const result = await run('v2', { expectedPlan: { kind: 'plan-id', planId: planIdOfV1 } });
    expect(result.deployment.status).toBe('failed');
    expect(result.deployment.rollbackReason).toMatch(/^plan-changed: /);
    expect(result.deployment.rollbackReason).toContain(planIdOfV1);
    expect(await deployedTemplate()).toBe(before);
  }, 120_000);

  it('deploys v3, which broadens nothing, with the gate on and bound to its own plan', async () => {
    const plan = await run('v3', { mode: 'plan', requireApproval: 'broadening' });
    expect(plan.deployment.approval?.required).toBe(false);
    const planId = plan.deployment.planId ?? '';
    const result = await run('v3', {
      requireApproval: 'broadening',
      expectedPlan: { kind: 'plan-id', planId },
    });
    expect(result.deployment.status).toBe('completed');
    expect(result.deployment.planId).toBe(planId);
    expect(result.stacks[0]?.resourceChanges).toEqual([
      expect.objectContaining({
        action: 'modify',
        resource_type: 'AWS::Lambda::Function',
        properties: ['MemorySize'],
      }),
    ]);
    const template = JSON.parse(await deployedTemplate()) as {
      Resources: Record<string, { Type: string; Properties?: { MemorySize?: number } }>;
    };
    const fn = Object.values(template.Resources).find((r) => r.Type === 'AWS::Lambda::Function');
    expect(fn?.Properties?.MemorySize).toBe(256);
    expectValidRecord(result);
  }, 120_000);

  it('accepts v2 under its own plan id once the gate is off, and the plan id is the same as planned', async () => {
    const plan = await run('v2', { mode: 'plan' });
    const planId = plan.deployment.planId ?? '';
    const result = await run('v2', { expectedPlan: { kind: 'plan-id', planId } });
    expect(result.deployment.status).toBe('completed');
    expect(await deployedTemplate()).toContain('dynamodb:GetItem');
  }, 120_000);
});

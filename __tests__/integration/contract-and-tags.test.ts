import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { useEmulator } from '../support/emulator.js';
import { deployAssembly } from '../support/deploy.js';
import { repoRoot, synthFixture } from '../support/synth.js';

const account = useEmulator('us-east-1', { processEnv: true });
const contract = join(repoRoot, '__tests__/fixtures/contracts/queues.yml');

beforeEach(async () => account.emulator.reset());

async function stackCount(): Promise<number> {
  return ((await new CloudFormationClient({}).send(new DescribeStacksCommand({}))).Stacks ?? [])
    .length;
}

describe('contracts and governance tags', () => {
  it('passes with every check recorded and every resource available', async () => {
    const assembly = await synthFixture('shaped', { SHAPE: 'chain:2', TAGS: 'owner=platform' });
    const run = await deployAssembly(assembly, { contract, requiredTags: ['owner'] });
    expect(run.deployment.rollbackReason).toBeNull();
    expect(run.deployment.status).toBe('completed');
    const checks = new Set(run.deployment.checks.map((c) => c.check));
    for (const name of ['output-contract', 'resource-contract', 'required-tags', 'live-resource']) {
      expect(checks).toContain(name);
    }
    expect(run.resources.every((r) => r.status === 'available')).toBe(true);
  });

  it('fails on a template missing a required tag before anything is deployed', async () => {
    const assembly = await synthFixture('shaped', { SHAPE: 'chain:2' });
    const run = await deployAssembly(assembly, { requiredTags: ['owner', 'cost-center'] });
    expect(run.deployment.status).toBe('failed');
    expect(run.deployment.rollbackReason).toMatch(/required-tags.*Chain0/s);
    expect(run.deployment.rollback?.outcome).toBe('not-needed');
    expect(await stackCount()).toBe(0);
  });

  it('applies the stricter prod tag rule only in prod', async () => {
    const assembly = await synthFixture('shaped', { SHAPE: 'chain:2', TAGS: 'owner=platform' });
    const run = await deployAssembly(assembly, { contract, environment: 'prod' });
    expect(run.deployment.status).toBe('failed');
    expect(run.deployment.rollbackReason).toContain('data-classification');
    expect(await stackCount()).toBe(0);
  });

  it('rolls back when a deployed output breaks the contract', async () => {
    const strict = join(tmpdir(), `contract-${Date.now()}.yml`);
    writeFileSync(
      strict,
      "version: 1\noutputs:\n  Chain1:\n    QueueUrl: { pattern: '^https://example\\.invalid/' }\n",
    );
    const assembly = await synthFixture('shaped', { SHAPE: 'chain:2' });
    const run = await deployAssembly(assembly, { contract: strict });
    expect(run.deployment.status).toBe('rolled_back');
    expect(run.deployment.rollbackReason).toMatch(/output-contract.*Chain1/s);
    expect(await stackCount()).toBe(0);
  });

  it('refuses a contract naming a stack the app does not have, before deploying', async () => {
    const wrong = join(tmpdir(), `contract-${Date.now()}-unknown.yml`);
    writeFileSync(wrong, 'version: 1\noutputs:\n  NoSuchStack:\n    Url: {}\n');
    const assembly = await synthFixture('shaped', { SHAPE: 'chain:2' });
    const run = await deployAssembly(assembly, { contract: wrong });
    expect(run.deployment.status).toBe('failed');
    expect(run.deployment.rollbackReason).toContain('NoSuchStack');
    expect(await stackCount()).toBe(0);
  });
});

import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { beforeEach, describe, expect, it } from 'vitest';
import { useEmulator } from '../support/emulator.js';
import { editableAssembly } from '../support/assembly-copy.js';
import { deployAssembly } from '../support/deploy.js';
import { synthFixture } from '../support/synth.js';

const account = useEmulator('us-east-1', { processEnv: true });

beforeEach(async () => account.emulator.reset());

async function stackNames(): Promise<string[]> {
  const answer = await new CloudFormationClient({}).send(new DescribeStacksCommand({}));
  return (answer.Stacks ?? []).map((s) => s.StackName ?? '').sort();
}

describe('stack selection in an app with a Stage', () => {
  it('deploys only the top-level stacks when no pattern is given', async () => {
    const assembly = await synthFixture('staged');
    const run = await deployAssembly(assembly);
    expect(run.deployment.status).toBe('completed');
    expect(run.stacks.every((s) => !s.identity.artifactId.includes('/'))).toBe(true);
    expect(await stackNames()).toEqual(run.stacks.map((s) => s.name).sort());
  });

  it('deploys the Stage stacks in dependency order with a hierarchical pattern', async () => {
    const assembly = await synthFixture('staged');
    const run = await deployAssembly(assembly, { stacks: ['Prod/*'] });
    expect(run.deployment.status).toBe('completed');
    expect(run.stacks.length).toBe(2);
    expect(run.stacks.every((s) => s.identity.artifactId.startsWith('Prod/'))).toBe(true);
    const [first, second] = run.stacks;
    expect(second?.identity.dependencies).toContain(first?.name);
    expect(run.deployment.stacksOrder).toEqual([first?.name, second?.name]);
  });
});

describe('assets', () => {
  const assetKeys = async (): Promise<string[]> => {
    const objects = await new S3Client({ forcePathStyle: true }).send(
      new ListObjectsV2Command({ Bucket: 'cdk-hnb659fds-assets-123456789012-us-east-1' }),
    );
    return (objects.Contents ?? []).map((o) => o.Key ?? '');
  };

  it('publishes a Lambda file asset to the bootstrap bucket and creates the function', async () => {
    const assembly = await synthFixture('lambda-asset');
    const run = await deployAssembly(assembly);
    expect(run.deployment.rollbackReason).toBeNull();
    const fn = run.resources.find((r) => r.description.resourceType === 'AWS::Lambda::Function');
    expect(fn?.status).toBe('available');
    const keys = await assetKeys();
    expect(keys.some((key) => key.endsWith('.zip'))).toBe(true);
    // The template is small enough to send inline: its asset is not uploaded.
    expect(keys.filter((key) => key.endsWith('.json'))).toEqual([]);
  });

  it('deploys a template too large to send inline through its uploaded template asset', async () => {
    const assembly = await synthFixture('large-template');
    const run = await deployAssembly(assembly);
    expect(run.deployment.rollbackReason).toBeNull();
    expect(run.deployment.status).toBe('completed');
    expect(run.resources.length).toBeGreaterThan(50);
    expect((await assetKeys()).some((key) => key.endsWith('.json'))).toBe(true);
  });
});

describe('failures', () => {
  it('fails a stack whose bootstrap is too old, skips its dependants and finishes the others', async () => {
    const source = await synthFixture('multi-stack');
    const assembly = editableAssembly(source, (manifest) => {
      const alpha = manifest.artifacts.Alpha;
      if (alpha?.properties) alpha.properties.requiresBootstrapStackVersion = 999;
    });
    const run = await deployAssembly(assembly, { concurrency: 1, rollback: false });
    const record = run.deployment.toRecord();
    expect(record.status).toBe('failed');
    expect(record.rollback?.outcome).toBe('disabled');
    expect(record.rollback_reason).toContain("requires bootstrap stack version '999', found '30'");
    expect(record.rollback_reason).toContain('Alpha');
    const status = Object.fromEntries(run.stacks.map((s) => [s.name, s.status]));
    expect(status).toEqual({
      Alpha: 'failed',
      Bravo: 'failed',
      Charlie: 'failed',
      Delta: 'deployed',
    });
    expect(run.stacks.find((s) => s.name === 'Bravo')?.errorMessage).toMatch(/depends on Alpha/);
    expect(await stackNames()).toEqual(['Delta']);
  });

  it('deletes the stacks a failed run created when rollback is on', async () => {
    const source = await synthFixture('multi-stack');
    const assembly = editableAssembly(source, (manifest) => {
      const alpha = manifest.artifacts.Alpha;
      if (alpha?.properties) alpha.properties.requiresBootstrapStackVersion = 999;
    });
    const run = await deployAssembly(assembly, { concurrency: 1 });
    expect(run.deployment.status).toBe('rolled_back');
    expect(run.deployment.rollbackReason).toContain('Alpha');
    const delta = run.stacks.find((s) => s.name === 'Delta');
    expect(delta?.status).toBe('deployed');
    expect(delta?.rollback).toMatchObject({ action: 'delete', succeeded: true });
    expect(run.stacks.find((s) => s.name === 'Bravo')?.rollback?.action).toBe('none');
    expect(await stackNames()).toEqual([]);
  });

  it('refuses a required parameter without a value, naming the input', async () => {
    const source = await synthFixture('multi-stack');
    const run = await deployAssembly(source, {
      parameters: { all: {}, byStack: { Delta: { NoSuchParameter: 'x' } } },
    });
    expect(run.deployment.rollbackReason).toMatch(/input 'parameters' sets NoSuchParameter/);
    expect(run.stacks.find((s) => s.name === 'Delta')?.status).toBe('failed');
    expect(run.deployment.status).toBe('rolled_back');
    expect(await stackNames()).toEqual([]);
  });
});

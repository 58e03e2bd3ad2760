import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CloudFormationClient,
  CreateStackCommand,
  DeleteStackCommand,
  DescribeStacksCommand,
  waitUntilStackCreateComplete,
  waitUntilStackDeleteComplete,
} from '@aws-sdk/client-cloudformation';
import { describe, expect, it } from 'vitest';
import { useEmulator } from '../support/emulator.js';
import type { StackArtifact } from '../../src/assembly/stack-artifact.js';
import type { DeploymentRun } from '../../src/lifecycle/deployment-run.js';
import type { LogEntry } from '../../src/model/log-entry.js';
import { toRecordFile } from '../../src/model/record.js';
import type { Stack } from '../../src/model/stack.js';
import { selectStacksToDestroy } from '../../src/assembly/select-stacks.js';
import { reverseGraph } from '../../src/plan/dependency-graph.js';
import type { Settings } from '../../src/settings/settings.js';
import { deployAssembly } from '../support/deploy.js';
import { validateRecord } from '../support/record-schema.js';
import { testSettings } from '../support/settings.js';
import { synthFixture } from '../support/synth.js';

const account = useEmulator('us-east-1', { processEnv: true });

/** Runs mode destroy in-process with the real engine, against whatever AWS_ENDPOINT_URL names. */
async function destroyAssembly(
  cloudAssembly: string,
  overrides: Partial<Settings> = {},
): Promise<DeploymentRun & { entries: LogEntry[] }> {
  const settings = testSettings({ mode: 'destroy', cloudAssembly, ...overrides });
  return deployAssembly(settings.cloudAssembly ?? cloudAssembly, settings);
}

async function liveStacks(): Promise<string[]> {
  const client = new CloudFormationClient({});
  const stacks = (await client.send(new DescribeStacksCommand({}))).Stacks ?? [];
  client.destroy();
  return stacks.map((s) => s.StackName ?? '').sort();
}

async function deleteDirectly(...names: string[]): Promise<void> {
  const client = new CloudFormationClient({});
  for (const name of names) {
    await client.send(new DeleteStackCommand({ StackName: name }));
    await waitUntilStackDeleteComplete(
      { client, maxWaitTime: 60, minDelay: 1, maxDelay: 1 },
      { StackName: name },
    );
  }
  client.destroy();
}

const byName = (run: DeploymentRun): Map<string, Stack> =>
  new Map(run.stacks.map((s) => [s.name, s]));

const firstAt = (stack: Stack | undefined, status: string): number =>
  Date.parse(stack?.toRecord().status_history.find((h) => h.status === status)?.at ?? '');

/** Every stack started deleting only after the stacks of the run that depend on it were gone. */
function expectDependantsFirst(run: DeploymentRun): void {
  const stacks = byName(run);
  for (const stack of run.stacks) {
    for (const dependency of stack.identity.dependencies) {
      const target = stacks.get(dependency);
      if (!target || target.status !== 'deployed') continue;
      expect(firstAt(stack, 'deployed')).toBeLessThanOrEqual(firstAt(target, 'deploying'));
    }
  }
}

function expectValidRecord(run: DeploymentRun): void {
  expect(validateRecord(toRecordFile(run.deployment, run.stacks, run.resources))).toEqual([]);
}

describe('mode destroy against the emulator', () => {
  it('deletes every selected stack, dependants before their dependencies', async () => {
    await account.emulator.reset();
    const v1 = await synthFixture('multi-stack', { APP_VARIANT: 'v1' });
    expect((await deployAssembly(v1)).deployment.status).toBe('completed');
    expect(await liveStacks()).toEqual(['Alpha', 'Bravo', 'Charlie', 'Delta']);

    const run = await destroyAssembly(v1, { concurrency: 2 });
    const record = run.deployment.toRecord();
    expect(record.rollback_reason).toBeNull();
    expect(record.status).toBe('completed');
    expect(record.mode).toBe('destroy');
    expect(record.status_history.map((h) => h.status)).toEqual([
      'pending',
      'synthesizing',
      'deploying',
      'verifying',
      'completed',
    ]);
    expect(record.stacks_order).toEqual(['Delta', 'Charlie', 'Bravo', 'Alpha']);
    expect(run.stacks.map((s) => s.name)).toEqual(record.stacks_order);
    for (const stack of run.stacks) {
      expect(stack.status).toBe('deployed');
      expect(stack.cloudformationStatus).toBe('DELETE_COMPLETE');
      expect(stack.noOp).toBe(false);
      expect(stack.stackArn).toMatch(new RegExp(`:stack/${stack.name}/`));
      expect(stack.previousState).toMatchObject({ existed: true, status: 'CREATE_COMPLETE' });
    }
    expectDependantsFirst(run);
    // the stack's events stream into the log while it is deleted
    expect(
      run.entries.some(
        (e) => e.stack === 'Alpha' && /^DELETE_COMPLETE AWS::CloudFormation::Stack/.test(e.message),
      ),
    ).toBe(true);
    expect(record.checks.map((c) => [c.check, c.stack, c.passed])).toEqual(
      record.stacks_order.map((name) => ['stack-deleted', name, true]),
    );
    expect(record.rollback).toBeNull();
    expect(await liveStacks()).toEqual([]);
    expectValidRecord(run);
  });

  it('is fine when some stacks are already gone', async () => {
    await account.emulator.reset();
    const v1 = await synthFixture('multi-stack', { APP_VARIANT: 'v1' });
    expect((await deployAssembly(v1)).deployment.status).toBe('completed');
    await deleteDirectly('Charlie', 'Delta');

    const run = await destroyAssembly(v1);
    expect(run.deployment.rollbackReason).toBeNull();
    expect(run.deployment.status).toBe('completed');
    const stacks = byName(run);
    for (const name of ['Charlie', 'Delta']) {
      expect(stacks.get(name)?.status).toBe('deployed');
      expect(stacks.get(name)?.noOp).toBe(true);
      expect(stacks.get(name)?.cloudformationStatus).toBeNull();
      expect(stacks.get(name)?.previousState?.existed).toBe(false);
      expect(
        run.entries.some(
          (e) => e.stack === name && e.message === 'Stack does not exist: already gone',
        ),
      ).toBe(true);
    }
    for (const name of ['Alpha', 'Bravo']) {
      expect(stacks.get(name)?.noOp).toBe(false);
      expect(stacks.get(name)?.cloudformationStatus).toBe('DELETE_COMPLETE');
    }
    expect(await liveStacks()).toEqual([]);

    const again = await destroyAssembly(v1);
    expect(again.deployment.status).toBe('completed');
    expect(again.stacks.every((s) => s.noOp)).toBe(true);
    expectValidRecord(again);
  });

  it('destroys a chosen stack with the stacks that depend on it, and leaves its dependencies', async () => {
    await account.emulator.reset();
    const v1 = await synthFixture('multi-stack', { APP_VARIANT: 'v1' });
    expect((await deployAssembly(v1)).deployment.status).toBe('completed');

    const run = await destroyAssembly(v1, { stacks: ['Bravo'] });
    expect(run.deployment.status).toBe('completed');
    expect(run.deployment.stacksOrder).toEqual(['Charlie', 'Bravo']);
    expect(await liveStacks()).toEqual(['Alpha', 'Delta']);
    expectDependantsFirst(run);
  });

  it('fails on a stack with termination protection, naming it, and keeps what it needs', async () => {
    await account.emulator.reset();
    const v1 = await synthFixture('multi-stack', { APP_VARIANT: 'v1' });
    expect((await deployAssembly(v1)).deployment.status).toBe('completed');
    // the emulator has no UpdateTerminationProtection: create Charlie again, protected
    await deleteDirectly('Charlie');
    const client = new CloudFormationClient({});
    await client.send(
      new CreateStackCommand({
        StackName: 'Charlie',
        TemplateBody: readFileSync(join(v1, 'Charlie.template.json'), 'utf8'),
        EnableTerminationProtection: true,
      }),
    );
    await waitUntilStackCreateComplete(
      { client, maxWaitTime: 60, minDelay: 1, maxDelay: 1 },
      { StackName: 'Charlie' },
    );
    client.destroy();

    const run = await destroyAssembly(v1);
    const record = run.deployment.toRecord();
    expect(record.status).toBe('failed');
    expect(record.status_history.map((h) => h.status)).toEqual([
      'pending',
      'synthesizing',
      'deploying',
      'failed',
    ]);
    const protectedMessage = expect.stringMatching(
      /^Stack Charlie has termination protection enabled, so it was not deleted\. Turn it off/,
    ) as unknown as string;
    expect(record.rollback_reason).toEqual(protectedMessage);
    expect(record.rollback).toEqual({
      outcome: 'disabled',
      message: 'destroy mode does not roll back: the stacks deleted stay deleted',
    });
    const stacks = byName(run);
    expect(stacks.get('Charlie')?.status).toBe('failed');
    expect(stacks.get('Charlie')?.errorMessage).toEqual(protectedMessage);
    for (const name of ['Alpha', 'Bravo']) {
      expect(stacks.get(name)?.status).toBe('failed');
      expect(stacks.get(name)?.errorMessage).toBe(
        'Not deleted: Charlie, which needs it, could not be deleted',
      );
    }
    expect(stacks.get('Delta')?.status).toBe('deployed');
    expect(await liveStacks()).toEqual(['Alpha', 'Bravo', 'Charlie']);
    expectValidRecord(run);
  });
});

describe('choosing and ordering the stacks to destroy', () => {
  const artifact = (id: string, dependencies: string[] = [], topLevel = true): StackArtifact =>
    ({ id, stackName: id.replace('/', '-'), dependencies, topLevel }) as unknown as StackArtifact;
  // Base <- Api <- Web; Base <- Jobs; Other alone; Prod/Db in a Stage depends on Base
  const stacks = [
    artifact('Base'),
    artifact('Api', ['Base']),
    artifact('Web', ['Api']),
    artifact('Jobs', ['Base']),
    artifact('Other'),
    artifact('Prod/Db', ['Base'], false),
  ];
  const ids = (selected: StackArtifact[]) => selected.map((s) => s.id);

  it('takes the matched stacks and everything that depends on them, not their dependencies', () => {
    expect(ids(selectStacksToDestroy(stacks, ['Api']))).toEqual(['Api', 'Web']);
    expect(ids(selectStacksToDestroy(stacks, ['Web']))).toEqual(['Web']);
    expect(ids(selectStacksToDestroy(stacks, ['Base']))).toEqual([
      'Base',
      'Api',
      'Web',
      'Jobs',
      'Prod/Db',
    ]);
    expect(ids(selectStacksToDestroy(stacks, ['Prod-Db']))).toEqual(['Prod/Db']);
    expect(ids(selectStacksToDestroy(stacks, ['Prod/*']))).toEqual(['Prod/Db']);
  });

  it('takes the top-level stacks (and their dependants) when no pattern is given', () => {
    expect(ids(selectStacksToDestroy(stacks, []))).toEqual(ids(stacks));
    expect(ids(selectStacksToDestroy(stacks.slice(4), []))).toEqual(['Other']);
  });

  it('refuses a pattern that matches nothing, and an assembly without top-level stacks', () => {
    expect(() => selectStacksToDestroy(stacks, ['Nope'])).toThrow(
      "Input 'stacks': pattern 'Nope' matches no stack",
    );
    expect(() => selectStacksToDestroy([artifact('Prod/Db', [], false)], [])).toThrow(
      /no top-level stacks/,
    );
  });

  it('makes each stack wait for its dependants, in reverse order', () => {
    const graph = reverseGraph([
      { id: 'Base', dependencies: [] },
      { id: 'Api', dependencies: ['Base', 'Outside'] },
      { id: 'Web', dependencies: ['Api'] },
    ]);
    expect(graph).toEqual([
      { id: 'Web', dependencies: [] },
      { id: 'Api', dependencies: ['Web'] },
      { id: 'Base', dependencies: ['Api'] },
    ]);
  });
});

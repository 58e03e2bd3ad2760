import { CloudFormationClient, GetTemplateCommand } from '@aws-sdk/client-cloudformation';
import { describe, expect, it } from 'vitest';
import { respectsDependencies } from '../../src/plan/dependency-graph.js';
import { deployAssembly } from '../support/deploy.js';
import { useEmulator } from '../support/emulator.js';
import { synthFixture } from '../support/synth.js';

const account = useEmulator('us-east-1', { processEnv: true });

describe('a multi-stack app with cross-stack references, against the emulator', () => {
  it('creates, updates one stack, then changes nothing', async () => {
    await account.emulator.reset();
    const v1 = await synthFixture('multi-stack', { APP_VARIANT: 'v1' });
    const first = await deployAssembly(v1);
    const firstRecord = first.deployment.toRecord();
    expect(firstRecord.rollback_reason).toBeNull();
    expect(firstRecord.status).toBe('completed');
    expect(first.stacks.map((s) => s.status)).toEqual([
      'deployed',
      'deployed',
      'deployed',
      'deployed',
    ]);
    expect(first.stacks.every((s) => !s.noOp)).toBe(true);
    const graph = first.stacks.map((s) => ({ id: s.name, dependencies: s.identity.dependencies }));
    expect(respectsDependencies(firstRecord.stacks_order, graph)).toBe(true);
    const byName = new Map(first.stacks.map((s) => [s.name, s]));
    expect(byName.get('Charlie')?.identity.dependencies).toEqual(
      expect.arrayContaining(['Alpha', 'Bravo']),
    );
    for (const stack of first.stacks) {
      expect(Object.keys(stack.outputs).length).toBeGreaterThan(0);
    }
    expect(first.resources.length).toBeGreaterThan(4);
    expect(first.resources.every((r) => r.status === 'available')).toBe(true);
    expect(first.resources.every((r) => r.description.physicalId.length > 0)).toBe(true);
    expect(firstRecord.checks.filter((c) => !c.passed)).toEqual([]);

    const v2 = await synthFixture('multi-stack', { APP_VARIANT: 'v2' });
    const second = await deployAssembly(v2);
    expect(second.deployment.status).toBe('completed');
    const changed = second.stacks.filter((s) => !s.noOp).map((s) => s.name);
    expect(changed).toEqual(['Bravo']);
    const bravo = second.stacks.find((s) => s.name === 'Bravo');
    expect(bravo?.changes).toBeGreaterThan(0);
    expect(Object.keys(bravo?.outputs ?? {}).length).toBeGreaterThan(
      Object.keys(byName.get('Bravo')?.outputs ?? {}).length,
    );
    const client = new CloudFormationClient({});
    const template = await client.send(new GetTemplateCommand({ StackName: 'Bravo' }));
    expect(JSON.parse(template.TemplateBody ?? '{}')).toEqual(
      JSON.parse(
        (await import('node:fs')).readFileSync(bravo?.identity.templatePath ?? '', 'utf8'),
      ),
    );

    const third = await deployAssembly(v2);
    expect(third.deployment.status).toBe('completed');
    expect(third.stacks.every((s) => s.noOp && s.status === 'deployed')).toBe(true);
    expect(third.stacks.map((s) => s.changeSetArn)).toEqual([null, null, null, null]);
    expect(third.stacks.map((s) => s.outputs)).toEqual(second.stacks.map((s) => s.outputs));
  });

  it('deploys independent stacks in parallel up to the concurrency cap', async () => {
    await account.emulator.reset();
    const assembly = await synthFixture('multi-stack', { APP_VARIANT: 'v1' });
    const run = await deployAssembly(assembly, { concurrency: 1 });
    expect(run.deployment.status).toBe('completed');
    const spans = run.stacks.map((s) => [
      Date.parse(s.startTime ?? ''),
      Date.parse(s.endTime ?? ''),
    ]);
    const overlaps = spans.some(([start], i) =>
      spans.some(
        ([s2, e2], j) =>
          i !== j && (start as number) > (s2 as number) && (start as number) < (e2 as number),
      ),
    );
    expect(overlaps).toBe(false);
  });
});

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { node24, runAction } from '../../scripts/lib/run-action.js';
import { useEmulator } from '../support/emulator.js';
import { modelErrors, validateRecord } from '../support/record-schema.js';
import { synthFixture } from '../support/synth.js';

const account = useEmulator('us-east-1');

const runtimes = [
  { name: `the machine's Node (${process.version})`, node: process.execPath },
  { name: 'Node 24', node: node24 },
];

describe.each(runtimes)('dist/index.js through the runner protocol on $name', ({ node }) => {
  it('deploys a multi-stack app and hands on its outputs, record and resources', async () => {
    expect(existsSync(node)).toBe(true);
    await account.emulator.reset();
    const assembly = await synthFixture('multi-stack');
    const result = await runAction({
      node,
      inputs: { 'synth-command': '', 'cloud-assembly': assembly, environment: 'staging' },
      env: account.emulator.env('us-east-1'),
    });
    expect(result.stderr).not.toMatch(/TypeError|ReferenceError/);
    expect(result.exitCode, result.stdout).toBe(0);
    const { outputs } = result;
    expect(outputs.status).toBe('completed');
    expect(outputs['rollback-reason']).toBe('');
    const cdkOutputs = JSON.parse(outputs.outputs ?? '{}') as Record<
      string,
      Record<string, string>
    >;
    expect(Object.keys(cdkOutputs).sort()).toEqual(['Alpha', 'Bravo', 'Charlie', 'Delta']);
    expect(JSON.parse(readFileSync(outputs['outputs-file'] ?? '', 'utf8'))).toEqual(cdkOutputs);
    for (const [stack, values] of Object.entries(cdkOutputs)) {
      for (const [key, value] of Object.entries(values)) {
        expect(outputs[`${stack}_${key}`]).toBe(value);
      }
    }
    const order = JSON.parse(outputs['stacks-order'] ?? '[]') as string[];
    expect(order.indexOf('Alpha')).toBeLessThan(order.indexOf('Bravo'));
    expect(order.indexOf('Bravo')).toBeLessThan(order.indexOf('Charlie'));
    const resources = JSON.parse(outputs.resources ?? '[]') as { status: string }[];
    expect(resources.length).toBeGreaterThan(4);
    expect(resources.every((r) => r.status === 'available')).toBe(true);
    const record: unknown = JSON.parse(readFileSync(outputs['record-file'] ?? '', 'utf8'));
    expect(validateRecord(record)).toEqual([]);
    expect(modelErrors(record)).toEqual([]);
    expect((record as { deployment: { id: string } }).deployment.id).toBe(outputs['deployment-id']);
    expect(result.stdout).toContain('::group::Deploying 4 stack(s)');
    const artifact = outputs['artifact-path'] ?? '';
    expect(readdirSync(artifact).sort()).toEqual([
      'deployment-record.json',
      'job-summary.md',
      'outputs.json',
      'templates',
    ]);
    expect(readdirSync(join(artifact, 'templates')).length).toBe(4);
    expect(result.stdout).toContain('::notice::');
  });

  it('fails with a named input and still writes its record', async () => {
    const result = await runAction({
      node,
      inputs: { concurrency: '0' },
      env: account.emulator.env('us-east-1'),
    });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain("::error::Input 'concurrency'");
    expect(result.outputs.status).toBe('failed');
    const record = JSON.parse(readFileSync(result.outputs['record-file'] ?? '', 'utf8')) as {
      deployment: { rollback_reason: string };
    };
    expect(record.deployment.rollback_reason).toContain("Input 'concurrency'");
    expect(validateRecord(record)).toEqual([]);
  });
});

describe('the default synth command on the example app', () => {
  it('synthesizes with the CDK CLI and deploys every stack', async () => {
    await account.emulator.reset();
    const result = await runAction({
      inputs: { 'working-directory': 'examples' },
      env: account.emulator.env('us-east-1'),
    });
    expect(result.exitCode, result.stdout.slice(-3000)).toBe(0);
    expect(result.outputs.status).toBe('completed');
    const outputs = JSON.parse(result.outputs.outputs ?? '{}') as Record<string, unknown>;
    expect(Object.keys(outputs).length).toBe(3);
  });
});

/**
 * What a new user meets, through the bundle the runner's way: the outputs in the CLI's shape, the
 * user's commands without the action's secrets, no checkpoint left behind, templates with a
 * transform left to CloudFormation, a verify command written as a run: step, and an app that spans
 * two accounts.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAction } from '../../scripts/lib/run-action.js';
import { useEmulator } from '../support/emulator.js';
import { writeTestAssembly } from '../support/test-assembly.js';

const account = useEmulator('us-east-1');

const queueOnly = { Resources: { Queue: { Type: 'AWS::SQS::Queue' } } };

function filesUnder(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

async function deploy(assembly: string, inputs: Record<string, string> = {}, env = {}) {
  await account.emulator.reset();
  return runAction({
    inputs: { 'synth-command': '', 'cloud-assembly': assembly, ...inputs },
    env: { ...account.emulator.env('us-east-1'), ...env },
  });
}

describe('a new user through the runner protocol', () => {
  it('leaves stacks without outputs out of the outputs, as cdk deploy --outputs-file does', async () => {
    const assembly = writeTestAssembly([{ name: 'Api' }, { name: 'Quiet', template: queueOnly }]);
    const result = await deploy(assembly);
    expect(result.outputs.status).toBe('completed');
    expect(Object.keys(JSON.parse(result.outputs.outputs ?? '{}') as object)).toEqual(['Api']);
  });

  it('runs the synth command without the inputs and the runner tokens, and keeps no checkpoint', async () => {
    const assembly = writeTestAssembly([{ name: 'Api' }]);
    const leaks = `${process.execPath} -e "process.exit(Object.keys(process.env).some((k) => k.startsWith('INPUT_') || k.startsWith('ACTIONS_')) ? 7 : 0)"`;
    const result = await deploy(
      assembly,
      { 'synth-command': leaks },
      { ACTIONS_RUNTIME_TOKEN: 'runtime', ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'oidc' },
    );
    expect(result.outputs['rollback-reason']).toBe('');
    expect(result.outputs.status).toBe('completed');
    expect(result.state['checkpoint-file']).toBe('');
    expect(filesUnder(result.runnerTemp).filter((f) => f.endsWith('checkpoint.json'))).toEqual([]);
  });

  it('leaves a template with a transform to CloudFormation instead of refusing it', async () => {
    const assembly = writeTestAssembly([
      {
        name: 'Topics',
        template: {
          Transform: 'AWS::LanguageExtensions',
          Resources: {
            'Fn::ForEach::Topics': [
              'TopicName',
              ['Success', 'Failure'],
              { 'Topic${TopicName}': { Type: 'AWS::SNS::Topic' } },
            ],
          },
        },
      },
    ]);
    const result = await deploy(assembly, { mode: 'plan' });
    expect(result.outputs['rollback-reason'] ?? '').not.toContain('would reject the template');
  });

  it('runs verify-command as a run: step: quotes, several lines, a shell exit', async () => {
    const assembly = writeTestAssembly([{ name: 'Api' }]);
    const passing = await deploy(assembly, {
      'verify-command': `sh -c 'test -n "$CDK_OUTPUT_API_QUEUEURL"'\necho checked | cat`,
    });
    expect(passing.outputs.status).toBe('completed');
    const failing = await deploy(assembly, { 'verify-command': 'echo smoke: 1 failed\nexit 3' });
    expect(failing.outputs.status).toBe('rolled_back');
    expect(failing.outputs['rollback-reason']).toMatch(/exited with code 3[\s\S]*smoke: 1 failed/);
  });

  it('verifies an app that spans two accounts where each stack lives', async () => {
    const other = '210987654321';
    const role = (kind: string) =>
      `arn:\${AWS::Partition}:iam::${other}:role/cdk-hnb659fds-${kind}-role-${other}-us-west-2`;
    const assembly = writeTestAssembly([
      { name: 'Home' },
      {
        name: 'Away',
        account: other,
        region: 'us-west-2',
        assumeRoleArn: role('deploy'),
        lookupRoleArn: role('lookup'),
      },
    ]);
    const result = await deploy(assembly);
    expect(result.outputs['rollback-reason']).toBe('');
    expect(result.outputs.status).toBe('completed');
  });
});

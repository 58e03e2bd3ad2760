import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { useEmulator } from '../support/emulator.js';
import { repositoryRoot, runAction } from '../../scripts/lib/run-action.js';
import { synthFixture } from '../support/synth.js';

const execFileAsync = promisify(execFile);
type Outputs = Record<string, Record<string, string>>;

const account = useEmulator('us-east-1');

/** Physical names end in a random suffix CloudFormation generates; everything else must match. */
function withoutGeneratedSuffixes(outputs: Outputs): Outputs {
  return JSON.parse(
    JSON.stringify(outputs).replace(/-[A-Za-z0-9]{12,13}\b/g, '-<generated>'),
  ) as Outputs;
}

async function cdkCliOutputs(assembly: string): Promise<Outputs> {
  const work = mkdtempSync(join(tmpdir(), 'cdk-cli-'));
  const outputsFile = join(work, 'outputs.json');
  await execFileAsync(
    join(repositoryRoot, 'node_modules/.bin/cdk'),
    [
      'deploy',
      '--all',
      '--app',
      assembly,
      '--require-approval',
      'never',
      '--outputs-file',
      outputsFile,
      '--no-notices',
      '--ci',
    ],
    {
      cwd: work,
      env: {
        ...process.env,
        ...account.emulator.env('us-east-1'),
        CDK_DISABLE_CLI_TELEMETRY: 'true',
      },
    },
  );
  return JSON.parse(readFileSync(outputsFile, 'utf8')) as Outputs;
}

describe.each(['multi-stack', 'examples'])('outputs of %s compared with the CDK CLI', (app) => {
  it('equal what cdk deploy --all --outputs-file writes on a fresh emulator', async () => {
    const assembly = await synthFixture(app);
    await account.emulator.reset();
    const cli = await cdkCliOutputs(assembly);
    await account.emulator.reset();
    const result = await runAction({
      inputs: { 'synth-command': '', 'cloud-assembly': assembly },
      env: account.emulator.env('us-east-1'),
    });
    expect(result.outputs.status, result.stdout.slice(-2000)).toBe('completed');
    const ours = JSON.parse(result.outputs.outputs ?? '{}') as Outputs;
    expect(Object.keys(ours).length).toBeGreaterThan(1);
    expect(withoutGeneratedSuffixes(ours)).toEqual(withoutGeneratedSuffixes(cli));
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { useEmulator } from '../support/emulator.js';
import { runAction } from '../../scripts/lib/run-action.js';
import { synthFixture } from '../support/synth.js';

const account = useEmulator('us-east-1');

const token = 'ghs_secretTokenForTheSecretsTest0123';
const secretKey = 'aws-secret-key-for-the-secrets-test-0123';

/** Prints the values a careless test might print: a masked output, the tokens it can reach. */
const leakyVerify = `${process.execPath} -e "console.log('url=' + process.env.CDK_OUTPUT_ALPHA_QUEUEURL, 'gh=' + process.env.GITHUB_TOKEN, 'key=' + process.env.AWS_SECRET_ACCESS_KEY); process.exit(3)"`;

describe('secrets through the runner protocol', () => {
  it('masks named outputs, the GitHub token and the AWS secret key in the log and keeps them out of records', async () => {
    await account.emulator.reset();
    const result = await runAction({
      inputs: {
        'synth-command': '',
        'cloud-assembly': await synthFixture('multi-stack', { APP_VARIANT: 'v1' }),
        'mask-outputs': 'Alpha.QueueUrl',
        'github-token': token,
        'verify-command': leakyVerify,
        rollback: 'false',
      },
      env: {
        ...account.emulator.env('us-east-1'),
        AWS_SECRET_ACCESS_KEY: secretKey,
        GITHUB_TOKEN: token,
      },
    });
    expect(result.outputs.status).toBe('failed');
    const queueUrl = result.outputs.Alpha_QueueUrl ?? '';
    expect(queueUrl).toMatch(/^http/);
    const outputsFile = JSON.parse(readFileSync(result.outputs['outputs-file'] ?? '', 'utf8')) as {
      Alpha: { QueueUrl: string };
    };
    expect(outputsFile.Alpha.QueueUrl).toBe(queueUrl);

    const lines = result.stdout.split('\n');
    for (const secret of [queueUrl, token, secretKey]) {
      const maskedAt = lines.indexOf(`::add-mask::${secret}`);
      expect(maskedAt, `${secret} is masked`).toBeGreaterThanOrEqual(0);
      const firstUse = lines.findIndex((l) => l.includes(secret) && !l.startsWith('::add-mask::'));
      if (firstUse >= 0) expect(firstUse, lines[firstUse]).toBeGreaterThan(maskedAt);
    }
    const record = readFileSync(result.outputs['record-file'] ?? '', 'utf8');
    expect(record).toContain('url=***');
    const artifactOutputs = readFileSync(
      `${result.outputs['artifact-path'] ?? ''}/outputs.json`,
      'utf8',
    );
    for (const secret of [queueUrl, token, secretKey]) {
      expect(record).not.toContain(secret);
      expect(result.summary).not.toContain(secret);
      expect(artifactOutputs).not.toContain(secret);
    }
    expect(artifactOutputs).toContain('"QueueUrl": "***"');
  });
});

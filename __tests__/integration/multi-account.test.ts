import { describe, expect, it } from 'vitest';
import { useEmulator } from '../support/emulator.js';
import { deployAssembly } from '../support/deploy.js';
import { writeTestAssembly } from '../support/test-assembly.js';

const account = useEmulator('us-east-1', { processEnv: true });

/** The emulator's AssumeRole hands out credentials of the role's own account. */
const other = '210987654321';
const role = (kind: string, region: string) =>
  `arn:\${AWS::Partition}:iam::${other}:role/cdk-hnb659fds-${kind}-role-${other}-${region}`;

describe('an app whose stacks live in two accounts and two regions', () => {
  it('deploys each stack where it belongs and reads its resources back there', async () => {
    await account.emulator.reset();
    const assembly = writeTestAssembly([
      { name: 'Home' },
      {
        name: 'Away',
        account: other,
        region: 'us-west-2',
        assumeRoleArn: role('deploy', 'us-west-2'),
        lookupRoleArn: role('lookup', 'us-west-2'),
      },
    ]);
    const run = await deployAssembly(assembly);
    const failed = run.deployment.checks.filter((c) => !c.passed).map((c) => c.message);
    expect(failed).toEqual([]);
    expect(run.deployment.status).toBe('completed');
    const away = run.stacks.find((s) => s.name === 'Away');
    expect(away?.stackArn).toContain(`:us-west-2:${other}:stack/Away/`);
    const liveChecks = run.deployment.checks.filter((c) => c.check === 'live-resource');
    expect(liveChecks.map((c) => [c.stack, c.passed])).toEqual(
      expect.arrayContaining([
        ['Home', true],
        ['Away', true],
      ]),
    );
    expect(run.resources.every((r) => r.status === 'available')).toBe(true);
  });
});

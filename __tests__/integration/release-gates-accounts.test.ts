import {
  CloudWatchClient,
  PutMetricAlarmCommand,
  SetAlarmStateCommand,
} from '@aws-sdk/client-cloudwatch';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, describe, expect, it } from 'vitest';
import { changeSetRequests } from '../../scripts/emulator/start-emulator.js';
import { parseAlarms } from '../../src/settings/gate-inputs.js';
import { deployAssembly } from '../support/deploy.js';
import { useEmulator } from '../support/emulator.js';
import { writeTestAssembly } from '../support/test-assembly.js';

const account = useEmulator('us-east-1', { processEnv: true });
const other = '210987654321';
const role = (kind: string, region: string) =>
  `arn:\${AWS::Partition}:iam::${other}:role/cdk-hnb659fds-${kind}-role-${other}-${region}`;
const clients: CloudWatchClient[] = [];
afterAll(() => clients.forEach((c) => c.destroy()));

/** CloudWatch of the job's account, or of the other account (its lookup role assumed). */
async function cloudWatch(where: 'home' | 'away'): Promise<CloudWatchClient> {
  if (where === 'home') {
    const client = new CloudWatchClient({ region: 'us-east-1' });
    clients.push(client);
    return client;
  }
  const sts = new STSClient({ region: 'us-west-2' });
  const { Credentials: c } = await sts.send(
    new AssumeRoleCommand({
      RoleArn: `arn:aws:iam::${other}:role/cdk-hnb659fds-lookup-role-${other}-us-west-2`,
      RoleSessionName: 'test',
    }),
  );
  sts.destroy();
  const client = new CloudWatchClient({
    region: 'us-west-2',
    credentials: {
      accessKeyId: c?.AccessKeyId ?? '',
      secretAccessKey: c?.SecretAccessKey ?? '',
      sessionToken: c?.SessionToken ?? '',
    },
  });
  clients.push(client);
  return client;
}

async function putAlarm(client: CloudWatchClient, name: string): Promise<void> {
  await client.send(
    new PutMetricAlarmCommand({
      AlarmName: name,
      Namespace: 'Fixture',
      MetricName: 'Errors',
      Statistic: 'Sum',
      Period: 60,
      EvaluationPeriods: 1,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    }),
  );
  await client.send(
    new SetAlarmStateCommand({ AlarmName: name, StateValue: 'OK', StateReason: 'quiet' }),
  );
}

const assembly = () =>
  writeTestAssembly([
    { name: 'Home' },
    {
      name: 'Away',
      account: other,
      region: 'us-west-2',
      assumeRoleArn: role('deploy', 'us-west-2'),
      lookupRoleArn: role('lookup', 'us-west-2'),
    },
  ]);

describe('release gates of an app in two accounts and regions', () => {
  it("looks each alarm up in the stacks' own environments and gates each stack by its own", async () => {
    await account.emulator.reset();
    await putAlarm(await cloudWatch('home'), 'home-errors');
    await putAlarm(await cloudWatch('away'), 'away-errors');
    const run = await deployAssembly(assembly(), {
      alarms: parseAlarms(['home-errors', 'away-errors']),
      bakeTimeMs: 2_000,
    });
    const record = run.deployment.toRecord();
    expect(record.status).toBe('completed');
    expect(record.bake?.alarms.map((a) => [a.name, a.environment])).toEqual(
      expect.arrayContaining([
        ['home-errors', 'aws://123456789012/us-east-1'],
        ['away-errors', `aws://${other}/us-west-2`],
      ]),
    );
    const triggers = Object.fromEntries(
      (await changeSetRequests(account.emulator)).map((r) => [
        r.stackName,
        r.rollbackConfiguration?.RollbackTriggers?.map((t) => t.Arn),
      ]),
    );
    expect(triggers).toEqual({
      Home: ['arn:aws:cloudwatch:us-east-1:123456789012:alarm:home-errors'],
      Away: [`arn:aws:cloudwatch:us-west-2:${other}:alarm:away-errors`],
    });
  });

  it('stops before deploying when an alarm of the other account is in ALARM', async () => {
    await account.emulator.reset();
    await putAlarm(await cloudWatch('home'), 'home-errors');
    const away = await cloudWatch('away');
    await putAlarm(away, 'away-errors');
    await away.send(
      new SetAlarmStateCommand({
        AlarmName: 'away-errors',
        StateValue: 'ALARM',
        StateReason: 'down',
      }),
    );
    const run = await deployAssembly(assembly(), {
      alarms: parseAlarms(['home-errors', 'away-*']),
    });
    expect(run.deployment.rollbackReason).toMatch(
      new RegExp(
        `already in ALARM before deploying, so nothing was deployed: away-errors \\(aws://${other}/us-west-2\\) in ALARM since \\S+: down`,
      ),
    );
    expect(await account.liveStacks()).toEqual({});
  });
});

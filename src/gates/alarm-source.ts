import type { ClientSettings } from '../aws/aws-environment.js';
import { nameFailedAttempts } from '../aws/call-names.js';

/** A CloudWatch alarm as the gate sees it. */
export interface AlarmState {
  readonly name: string;
  readonly arn: string;
  readonly kind: 'metric' | 'composite';
  /** `OK`, `ALARM` or `INSUFFICIENT_DATA`. */
  readonly state: string;
  readonly reason: string;
  /** When the alarm entered its state (ISO 8601). */
  readonly since: string;
  /** `aws://account/region` of the stacks it gates. */
  readonly environment: string;
}

/** Where alarms are read: one account and region, as one role (the live reads' target). */
export interface AlarmTarget {
  readonly environment: string;
  readonly settings: ClientSettings;
}

/** DescribeAlarms in one environment. */
export interface AlarmSource {
  readonly environment: string;
  byNames(names: readonly string[]): Promise<AlarmState[]>;
  byPrefix(prefix: string): Promise<AlarmState[]>;
  destroy(): void;
}

const NAMES_PER_CALL = 100;

type CloudWatchSdk = typeof import('@aws-sdk/client-cloudwatch');
type Answer = import('@aws-sdk/client-cloudwatch').DescribeAlarmsOutput;

function statesOf(answer: Answer, environment: string): AlarmState[] {
  const pick = (
    kind: AlarmState['kind'],
    alarm: {
      AlarmName?: string;
      AlarmArn?: string;
      StateValue?: string;
      StateReason?: string;
      StateUpdatedTimestamp?: Date;
    },
  ): AlarmState => ({
    name: alarm.AlarmName ?? '',
    arn: alarm.AlarmArn ?? '',
    kind,
    state: alarm.StateValue ?? 'INSUFFICIENT_DATA',
    reason: alarm.StateReason ?? '',
    since: (alarm.StateUpdatedTimestamp ?? new Date()).toISOString(),
    environment,
  });
  return [
    ...(answer.MetricAlarms ?? []).map((a) => pick('metric', a)),
    ...(answer.CompositeAlarms ?? []).map((a) => pick('composite', a)),
  ];
}

/**
 * CloudWatch for one environment. The SDK module is loaded on first use, so a run without
 * `alarms` never loads it.
 */
export async function cloudWatchAlarms(target: AlarmTarget): Promise<AlarmSource> {
  const sdk: CloudWatchSdk = await import('@aws-sdk/client-cloudwatch');
  const client = nameFailedAttempts(new sdk.CloudWatchClient({ ...target.settings }));
  const all = async (
    input: import('@aws-sdk/client-cloudwatch').DescribeAlarmsInput,
  ): Promise<AlarmState[]> => {
    const found: AlarmState[] = [];
    let token: string | undefined;
    do {
      const answer = await client.send(
        new sdk.DescribeAlarmsCommand({
          ...input,
          AlarmTypes: ['MetricAlarm', 'CompositeAlarm'],
          ...(token ? { NextToken: token } : {}),
        }),
      );
      found.push(...statesOf(answer, target.environment));
      token = answer.NextToken;
    } while (token);
    return found;
  };
  return {
    environment: target.environment,
    async byNames(names) {
      const found: AlarmState[] = [];
      for (let i = 0; i < names.length; i += NAMES_PER_CALL) {
        found.push(...(await all({ AlarmNames: names.slice(i, i + NAMES_PER_CALL) })));
      }
      return found;
    },
    byPrefix: (prefix) => all({ AlarmNamePrefix: prefix }),
    destroy: () => client.destroy(),
  };
}

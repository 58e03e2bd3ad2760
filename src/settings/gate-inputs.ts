import { SettingsError } from '../errors.js';

/**
 * One entry of `alarms`: an alarm's name, a name prefix (`api-*`), or an alarm's ARN (which names
 * its own account and region).
 */
export type AlarmSelector =
  | { readonly kind: 'name'; readonly name: string }
  | { readonly kind: 'prefix'; readonly prefix: string }
  | {
      readonly kind: 'arn';
      readonly arn: string;
      readonly name: string;
      readonly account: string;
      readonly region: string;
    };

export const DRIFT_MODES = ['ignore', 'fail', 'revert'] as const;
export type DriftMode = (typeof DRIFT_MODES)[number];

const ALARM_ARN = /^arn:aws[\w-]*:cloudwatch:([a-z0-9-]+):(\d{12}):alarm:(.+)$/;

/** Names or ARNs, commas or newlines; a `*` at the end makes a name a prefix. */
export function parseAlarms(items: readonly string[]): AlarmSelector[] {
  return items.map((item): AlarmSelector => {
    if (item.startsWith('arn:')) {
      const match = ALARM_ARN.exec(item);
      if (!match || item.includes('*')) {
        throw new SettingsError(
          'alarms',
          `'${item}' is not a CloudWatch alarm ARN (arn:aws:cloudwatch:REGION:ACCOUNT:alarm:NAME, no '*'); give the ARN, the alarm's name, or a name prefix ending in '*'.`,
        );
      }
      const [, region = '', account = '', name = ''] = match;
      return { kind: 'arn', arn: item, name, account, region };
    }
    const star = item.indexOf('*');
    if (star === -1) return { kind: 'name', name: item };
    if (star !== item.length - 1 || item.length === 1) {
      throw new SettingsError(
        'alarms',
        `'${item}': '*' may only end a name prefix with at least one character before it, e.g. 'api-prod-*'.`,
      );
    }
    return { kind: 'prefix', prefix: item.slice(0, -1) };
  });
}

/** How an alarm selector is written in messages. */
export function describeSelector(selector: AlarmSelector): string {
  if (selector.kind === 'prefix') return `${selector.prefix}*`;
  if (selector.kind === 'arn') return selector.arn;
  return selector.name;
}

export function parseDriftMode(value: string): DriftMode {
  const mode = DRIFT_MODES.find((m) => m === value);
  if (!mode) {
    throw new SettingsError(
      'drift',
      `'${value}' is not one of ${DRIFT_MODES.join(', ')}; use 'fail' to stop a run whose stacks drifted, 'revert' to bring drifted resources back to the template, or 'ignore'.`,
    );
  }
  return mode;
}

/** `0` (or empty) is no bake; otherwise a duration as `stack-timeout` takes it. */
export function parseBakeTime(
  value: string,
  parseDuration: (input: string, value: string) => number,
  alarms: readonly AlarmSelector[],
): number {
  if (value === '' || /^0+(\.0+)?\s*[smh]?$/.test(value)) return 0;
  const ms = parseDuration('bake-time', value);
  if (alarms.length === 0) {
    throw new SettingsError(
      'bake-time',
      `'${value}' needs alarms to watch; set 'alarms' to the CloudWatch alarms that gate the release, or leave 'bake-time' empty.`,
    );
  }
  return ms;
}

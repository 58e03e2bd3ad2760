import { SettingsError } from '../errors.js';
import { describeSelector, type AlarmSelector } from '../settings/gate-inputs.js';
import type { AlarmSource, AlarmState } from './alarm-source.js';

/** The alarms that gate the run, found in the stacks' environments. */
export interface GateAlarms {
  /** By `aws://account/region`; an environment without any of the alarms is left out. */
  readonly byEnvironment: ReadonlyMap<string, readonly AlarmState[]>;
  readonly all: readonly AlarmState[];
}

const environmentOfArn = (selector: { account: string; region: string }): string =>
  `aws://${selector.account}/${selector.region}`;

/**
 * Looks every entry of `alarms` up in the stacks' environments: a name or a prefix in each of
 * them (found in at least one), an ARN in its own environment, which must be one of the stacks'.
 * Anything not found is an input error naming it and where it was looked for.
 */
export async function resolveAlarms(
  selectors: readonly AlarmSelector[],
  sources: readonly AlarmSource[],
): Promise<GateAlarms> {
  const environments = sources.map((s) => s.environment);
  const found = new Map<string, Map<string, AlarmState>>(environments.map((e) => [e, new Map()]));
  const missing: string[] = [];
  const names = selectors.flatMap((s) => (s.kind === 'name' ? [s.name] : []));
  await Promise.all(
    sources.map(async (source) => {
      const here = found.get(source.environment) as Map<string, AlarmState>;
      const arnNames = selectors.flatMap((s) =>
        s.kind === 'arn' && environmentOfArn(s) === source.environment ? [s.name] : [],
      );
      const wanted = [...new Set([...names, ...arnNames])];
      const byName = wanted.length > 0 ? await source.byNames(wanted) : [];
      const byPrefix = await Promise.all(
        selectors.flatMap((s) => (s.kind === 'prefix' ? [source.byPrefix(s.prefix)] : [])),
      );
      for (const alarm of [...byName, ...byPrefix.flat()]) here.set(alarm.name, alarm);
    }),
  );
  const seen = (predicate: (alarm: AlarmState) => boolean, where?: string): boolean =>
    [...found.entries()].some(
      ([environment, alarms]) =>
        (where === undefined || where === environment) && [...alarms.values()].some(predicate),
    );
  for (const selector of selectors) {
    if (selector.kind === 'arn') {
      const where = environmentOfArn(selector);
      if (!environments.includes(where)) {
        missing.push(
          `${selector.arn} (its environment ${where} is not one of the selected stacks': ${environments.join(', ')})`,
        );
      } else if (!seen((a) => a.name === selector.name, where)) {
        missing.push(`${selector.arn} (not found in ${where})`);
      }
    } else if (selector.kind === 'name') {
      if (!seen((a) => a.name === selector.name)) missing.push(selector.name);
    } else if (!seen((a) => a.name.startsWith(selector.prefix))) {
      missing.push(`${describeSelector(selector)} (no alarm has that prefix)`);
    }
  }
  if (missing.length > 0) {
    throw new SettingsError(
      'alarms',
      `no CloudWatch alarm ${missing.join('; ')}, looked up in ${environments.join(', ')}, the environment(s) of the selected stacks. Create the alarm there first, or fix its name.`,
    );
  }
  const byEnvironment = new Map<string, AlarmState[]>();
  for (const [environment, alarms] of found) {
    const list = [...alarms.values()].sort((a, b) => a.name.localeCompare(b.name));
    if (list.length > 0) byEnvironment.set(environment, list);
  }
  return { byEnvironment, all: [...byEnvironment.values()].flat() };
}

/** The alarms in ALARM, as one line each: name, environment, reason and since when. */
export function describeFiring(alarms: readonly AlarmState[]): string[] {
  return alarms
    .filter((a) => a.state === 'ALARM')
    .map((a) => `${a.name} (${a.environment}) in ALARM since ${a.since}: ${a.reason}`);
}

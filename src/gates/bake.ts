import type { Sleep } from '../util/sleep.js';
import type { AlarmSource, AlarmState } from './alarm-source.js';

export interface BakeOptions {
  readonly durationMs: number;
  /** The alarms to watch, by environment; each environment's source reads its own. */
  readonly alarms: ReadonlyMap<string, readonly AlarmState[]>;
  readonly sources: ReadonlyMap<string, AlarmSource>;
  readonly sleep: Sleep;
  readonly now: () => number;
  /** How often the alarms are read. */
  readonly pollMs: number;
  /** How often progress is logged when nothing changes. */
  readonly progressMs: number;
  readonly log: (message: string) => void;
  /** Told the alarms' states after every read. */
  readonly onRead?: (alarms: readonly AlarmState[]) => void;
}

export type BakeResult =
  | { readonly outcome: 'passed'; readonly alarms: readonly AlarmState[] }
  | {
      readonly outcome: 'alarm';
      readonly firing: readonly AlarmState[];
      readonly alarms: readonly AlarmState[];
    };

async function readAll(options: BakeOptions): Promise<AlarmState[]> {
  const reads = [...options.alarms.entries()].map(async ([environment, alarms]) => {
    const source = options.sources.get(environment);
    if (!source) return [];
    const names = alarms.map((a) => a.name);
    const now = await source.byNames(names);
    // An alarm deleted during the bake keeps its last state, marked so.
    return alarms.map(
      (was) =>
        now.find((a) => a.name === was.name) ?? {
          ...was,
          state: 'INSUFFICIENT_DATA',
          reason: 'the alarm no longer exists',
        },
    );
  });
  return (await Promise.all(reads)).flat();
}

const summary = (alarms: readonly AlarmState[]): string =>
  alarms.map((a) => `${a.name} ${a.state}`).join(', ');

/**
 * Watches the alarms for the bake time: read every `pollMs`, progress logged every `progressMs`
 * and whenever a state changes. An alarm in ALARM ends the bake at once.
 */
export async function bake(options: BakeOptions): Promise<BakeResult> {
  const until = options.now() + options.durationMs;
  let lastLogged = Number.NEGATIVE_INFINITY;
  let previous = '';
  for (;;) {
    const alarms = await readAll(options);
    options.onRead?.(alarms);
    const firing = alarms.filter((a) => a.state === 'ALARM');
    if (firing.length > 0) return { outcome: 'alarm', firing, alarms };
    const now = options.now();
    const left = until - now;
    const states = summary(alarms);
    if (left <= 0) {
      options.log(`Bake passed: no alarm went to ALARM (${states})`);
      return { outcome: 'passed', alarms };
    }
    if (states !== previous || now - lastLogged >= options.progressMs) {
      options.log(`Baking: ${Math.ceil(left / 1000)} s left; ${states}`);
      lastLogged = now;
      previous = states;
    }
    await options.sleep(Math.min(options.pollMs, left));
  }
}

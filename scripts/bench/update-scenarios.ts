/**
 * Update scenarios with both of CloudFormation's waits simulated: each new change set stays
 * CREATE_IN_PROGRESS for C seconds, each stack operation in progress for T seconds. Each run
 * deploys v1 of an app (the first deploy), then v2, in which every stack changes (a second queue)
 * and every export keeps its value (the queue URLs the chain imports): the case where every
 * change set can be made at the start. The bundle and the CDK CLI each start from a reset
 * emulator; the floor beside them is what CloudFormation itself needs: C + critical path x T for
 * an update (all change sets computed at once, then the executes in dependency order); a first
 * deploy of the chain pays C at every level (each import is new), critical path x (C + T).
 */
import { synthFixture } from '../../__tests__/support/synth.js';
import { setChangeSetDelay, setStackDelay, type Emulator } from '../emulator/start-emulator.js';
import type { CountingProxy } from '../lib/counting-proxy.js';

export interface Timed {
  readonly seconds: number;
  readonly cfnCalls: number;
}

export interface Deployers {
  readonly bundle: (assembly: string) => Promise<Timed>;
  readonly CLI: (assembly: string) => Promise<Timed>;
  /** An earlier bundle, when BENCH_BASELINE names its folder. */
  readonly baseline?: (assembly: string) => Promise<Timed>;
}

interface Scenario {
  readonly name: string;
  readonly shape: string;
  readonly stacks: number;
  readonly criticalPath: number;
  /** Whether a first deploy must make the change sets level by level (new imports). */
  readonly importsChain: boolean;
}

export const SCENARIOS: readonly Scenario[] = [
  {
    name: 'chain of 4 (each imports the previous)',
    shape: 'imports-chain:4',
    stacks: 4,
    criticalPath: 4,
    importsChain: true,
  },
  { name: 'diamond', shape: 'diamond', stacks: 4, criticalPath: 3, importsChain: false },
  {
    name: '20 independent',
    shape: 'independent:20',
    stacks: 20,
    criticalPath: 1,
    importsChain: false,
  },
];

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

const fmt = (n: number, digits = 2): string => n.toFixed(digits);
const row = (cells: (string | number)[]): string => `| ${cells.join(' | ')} |`;

interface Cell {
  first: Timed[];
  update: Timed[];
}

/** Runs every scenario `runs` times and returns the table's lines. */
export async function updateScenarios(
  emulator: Emulator,
  proxy: CountingProxy,
  deployers: Deployers,
  delays: { readonly changeSet: number; readonly stack: number },
  runs: number,
): Promise<string[]> {
  const { changeSet: c, stack: t } = delays;
  const fresh = async (): Promise<void> => {
    await emulator.reset();
    proxy.reset();
    // A reset puts the delays back to their start-up values.
    await setChangeSetDelay(emulator, c);
    await setStackDelay(emulator, t);
  };
  const kinds = Object.entries(deployers).filter(
    (entry): entry is [string, (assembly: string) => Promise<Timed>] => entry[1] !== undefined,
  );
  const header = [
    'scenario',
    'stacks',
    'floor s',
    ...kinds.map(([kind]) => `${kind} s`),
    'bundle / CLI',
    ...kinds.map(([kind]) => `CFN calls per stack: ${kind}`),
  ];
  const update = [row(header), row(header.map(() => '---'))];
  const first = [row(header), row(header.map(() => '---'))];
  for (const scenario of SCENARIOS) {
    const v1 = await synthFixture('shaped', { SHAPE: scenario.shape });
    const v2 = await synthFixture('shaped', { SHAPE: scenario.shape, VERSION: 'v2' });
    const cells = new Map<string, Cell>(kinds.map(([kind]) => [kind, { first: [], update: [] }]));
    for (let i = 0; i < runs; i++) {
      for (const [kind, deploy] of kinds) {
        const cell = cells.get(kind) as Cell;
        await fresh();
        cell.first.push(await deploy(v1));
        proxy.reset();
        cell.update.push(await deploy(v2));
      }
    }
    const figures = (pick: (cell: Cell) => Timed[]) => {
      const seconds = kinds.map(([kind]) =>
        median(pick(cells.get(kind) as Cell).map((s) => s.seconds)),
      );
      const calls = kinds.map(
        ([kind]) => median(pick(cells.get(kind) as Cell).map((s) => s.cfnCalls)) / scenario.stacks,
      );
      const bundle = seconds[kinds.findIndex(([kind]) => kind === 'bundle')] ?? NaN;
      const cli = seconds[kinds.findIndex(([kind]) => kind === 'CLI')] ?? NaN;
      return [...seconds.map((s) => fmt(s)), fmt(bundle / cli), ...calls.map((n) => fmt(n, 1))];
    };
    const updateFloor = c + scenario.criticalPath * t;
    const firstFloor = scenario.importsChain ? scenario.criticalPath * (c + t) : updateFloor;
    update.push(
      row([scenario.name, scenario.stacks, fmt(updateFloor), ...figures((cell) => cell.update)]),
    );
    first.push(
      row([scenario.name, scenario.stacks, fmt(firstFloor), ...figures((cell) => cell.first)]),
    );
    console.error(`measured ${scenario.name}:\n${update.at(-1) ?? ''}\n${first.at(-1) ?? ''}`);
  }
  await setChangeSetDelay(emulator, 0);
  await setStackDelay(emulator, 0);
  return [
    `Updates with C = ${c} s per change set and T = ${t} s per stack operation (v1 deployed, then v2 changes every stack and keeps every export's value; medians of ${runs}; CLI at concurrency 20; calls counted for the v2 deploy):`,
    '',
    ...update,
    '',
    `First deploys (v1 on an empty account), same delays:`,
    '',
    ...first,
  ];
}

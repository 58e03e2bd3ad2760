/**
 * Cold start side by side: bare `node` (spawn to its first line of output) against the bundle
 * (spawn to its first log line), alternating run by run so that the machine's load falls on both
 * alike; medians, for each node binary given.
 */
import { spawn } from 'node:child_process';
import { runAction } from '../lib/run-action.js';

function firstLineAfterSpawn(command: string, args: readonly string[]): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'ignore'] });
    let at = 0;
    child.stdout.on('data', () => {
      at ||= performance.now() - started;
    });
    child.on('error', reject);
    child.on('close', () => resolve(at || performance.now() - started));
  });
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
};

/** Bare node and the bundle's start on `node`; the bundle deploys `assembly` (its run is not timed). */
export async function coldStart(
  node: string,
  assembly: string,
  env: Record<string, string>,
  runs: number,
): Promise<{ bare: number; bundle: number }> {
  const bare: number[] = [];
  const bundle: number[] = [];
  for (let i = 0; i < runs; i++) {
    bare.push(await firstLineAfterSpawn(node, ['-e', "console.log('')"]));
    const started = performance.now();
    let first = 0;
    await runAction({
      node,
      inputs: { 'synth-command': '', 'cloud-assembly': assembly },
      env,
      onLine: () => {
        first ||= performance.now() - started;
      },
    });
    bundle.push(first);
  }
  return { bare: median(bare), bundle: median(bundle) };
}

import { readFileSync } from 'node:fs';
import { readAssembly } from '../assembly/read-assembly.js';
import type { StackSnapshot } from '../cloudformation/stack-snapshot.js';
import { Deployment } from '../model/deployment.js';
import type { LogSink } from '../model/log-entry.js';
import { toRecordFile, type DeploymentRecordFile } from '../model/record.js';
import { Resource } from '../model/resource.js';
import { Stack } from '../model/stack.js';
import { writeAtomically } from '../util/write-atomically.js';
import type { DeploymentRun } from './deployment-run.js';

/** What a later process (the post step) needs to carry a run on: its record and snapshots. */
export interface RunCheckpoint {
  readonly record: DeploymentRecordFile;
  readonly assemblyDirectory: string | null;
  /** By the Stack entity's id. */
  readonly snapshots: Record<string, StackSnapshot>;
  /** The GitHub deployment the run reports to, so the post step reports to the same one. */
  readonly githubDeploymentId: number | null;
}

/**
 * Written atomically, so a reader never sees half a checkpoint, and readable by its owner only:
 * it holds the stack outputs in clear, secret ones among them.
 */
export function writeCheckpoint(
  file: string,
  run: DeploymentRun,
  githubDeploymentId: number | null,
): void {
  const checkpoint: RunCheckpoint = {
    record: toRecordFile(run.deployment, run.stacks, run.resources),
    assemblyDirectory: run.assemblyDirectory,
    snapshots: Object.fromEntries(run.snapshots),
    githubDeploymentId,
  };
  writeAtomically(file, JSON.stringify(checkpoint), 0o600);
}

export function readCheckpoint(file: string): RunCheckpoint {
  return JSON.parse(readFileSync(file, 'utf8')) as RunCheckpoint;
}

/** The run as the checkpoint left it, with its stacks' artifacts read again from the assembly. */
export function restoreRun(checkpoint: RunCheckpoint, sink: LogSink): DeploymentRun {
  const { record } = checkpoint;
  const deployment = Deployment.fromRecord(record.deployment, sink);
  const stacks = record.stacks.map((s) => Stack.fromRecord(s));
  const artifacts = checkpoint.assemblyDirectory
    ? readAssembly(checkpoint.assemblyDirectory).stacks
    : [];
  const byArtifactId = new Map(artifacts.map((a) => [a.id, a]));
  const run: DeploymentRun = {
    deployment,
    stacks,
    resources: record.resources.map((r) => Resource.fromRecord(r)),
    artifacts: new Map(),
    snapshots: new Map(Object.entries(checkpoint.snapshots)),
    assemblyDirectory: checkpoint.assemblyDirectory,
  };
  for (const stack of stacks) {
    const artifact = byArtifactId.get(stack.identity.artifactId);
    if (artifact) run.artifacts.set(stack.id, artifact);
  }
  return run;
}

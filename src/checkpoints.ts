import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as core from '@actions/core';
import { abandonRun } from './lifecycle/abandon-run.js';
import type { DeploymentRun } from './lifecycle/deployment-run.js';
import { writeCheckpoint } from './lifecycle/run-checkpoint.js';
import { modeWords } from './model/modes.js';
import { toRecordFile, type DeploymentRecordFile } from './model/record.js';
import { cdkOutputs } from './report/cdk-outputs.js';
import { recordFiles, writeRecordFiles } from './report/record-files.js';

/** Removes a checkpoint once its run is finished; one already gone is fine. */
export function removeCheckpoint(file: string): void {
  rmSync(file, { force: true });
}

/** The state key under which the main step tells the post step where the run's checkpoint is. */
export const CHECKPOINT_STATE = 'checkpoint-file';

/**
 * Keeps the run on disk as it goes, so that a run killed mid-way (the runner's cancel) loses
 * nothing: the post step finds the checkpoint through the saved state and carries the run on.
 */
/**
 * Between phases, at most one checkpoint a second: each one writes the whole run, so one per
 * finished stack would grow with the square of the stacks. A cancel or the end writes at once.
 */
const MIN_INTERVAL_MS = 1000;

export class Checkpoints {
  private latest: DeploymentRun | null = null;
  private file: string | null = null;
  private writtenAt = 0;
  private writtenStatus: string | null = null;

  constructor(
    private readonly outputDirectory: string,
    private readonly options: {
      readonly githubDeploymentId: () => number | null;
      /** Masks secret outputs in the record written when the run is abandoned. */
      readonly redact: (record: DeploymentRecordFile) => DeploymentRecordFile;
    },
  ) {}

  /** Keeps the run as it is now: at once when its status changed, otherwise at most once a second. */
  save(run: DeploymentRun): void {
    this.latest = run;
    const status = run.deployment.status;
    if (status === this.writtenStatus && Date.now() - this.writtenAt < MIN_INTERVAL_MS) return;
    this.write(run);
  }

  private write(run: DeploymentRun): void {
    this.writtenAt = Date.now();
    this.writtenStatus = run.deployment.status;
    const { directory } = recordFiles(this.outputDirectory, run.deployment.id);
    const file = join(directory, 'checkpoint.json');
    mkdirSync(directory, { recursive: true });
    writeCheckpoint(file, run, this.options.githubDeploymentId());
    if (this.file !== file) {
      core.saveState(CHECKPOINT_STATE, file);
      this.file = file;
    }
  }

  /** The process is about to be killed: the run is recorded as failed, as far as it got. */
  abandon(reason: string): DeploymentRun | null {
    const run = this.latest;
    if (!run) return null;
    abandonRun(run, reason);
    this.write(run);
    const outputs = modeWords(run.deployment.mode).handsOnOutputs ? cdkOutputs(run.stacks) : {};
    writeRecordFiles(
      this.outputDirectory,
      this.options.redact(toRecordFile(run.deployment, run.stacks, run.resources)),
      outputs,
    );
    return run;
  }

  /**
   * The main step ended: the post step has work only when a rollback was left to it; otherwise
   * the checkpoint (outputs in clear) is removed, so a self-hosted runner keeps nothing of it.
   */
  finish(run: DeploymentRun): void {
    if (run.deployment.rollback?.outcome === 'pending') {
      this.write(run);
      return;
    }
    if (this.file) {
      removeCheckpoint(this.file);
      core.saveState(CHECKPOINT_STATE, '');
    }
  }
}

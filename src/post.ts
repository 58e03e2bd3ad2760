import { existsSync } from 'node:fs';
import * as core from '@actions/core';
import { CHECKPOINT_STATE, removeCheckpoint } from './checkpoints.js';
import { deployContextFor } from './deploy-context-for.js';
import { rollBackIfWanted } from './lifecycle/roll-back-if-wanted.js';
import { readCheckpoint, restoreRun } from './lifecycle/run-checkpoint.js';
import { toRecordFile } from './model/record.js';
import { cdkOutputs } from './report/cdk-outputs.js';
import { jobLogSink } from './report/job-log.js';
import { stepSecrets } from './report/secrets.js';
import { writeRecordFiles } from './report/record-files.js';
import { reporterFor } from './report/run-reporter.js';
import { settingsFromInputs } from './settings/from-inputs.js';

/**
 * The post step (`runs.post`): after a cancelled run, waits for what CloudFormation is still
 * doing, rolls back what the run changed, and writes the record and the reports again. After a
 * run that ended in its main step there is nothing to do.
 */
export async function post(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const file = core.getState(CHECKPOINT_STATE);
  if (!file) {
    core.info('Nothing to finish: the deployment ended in the main step.');
    return;
  }
  if (!existsSync(file)) {
    core.warning(`The run's checkpoint ${file} is gone; nothing can be finished.`);
    return;
  }
  const checkpoint = readCheckpoint(file);
  if (checkpoint.record.deployment.rollback?.outcome !== 'pending') {
    core.info('Nothing to finish: the deployment ended in the main step.');
    return;
  }
  const settings = settingsFromInputs(env);
  const run = restoreRun(checkpoint, jobLogSink);
  const secrets = stepSecrets(settings.githubToken, env, (value) => core.setSecret(value));
  secrets.nameOutputs(settings.maskOutputs);
  secrets.reveal(run.stacks);
  const { deployment } = run;
  deployment.log(
    'info',
    `Finishing deployment ${deployment.id} (${deployment.rollbackReason ?? 'cancelled'}): waiting for CloudFormation, then rolling back`,
  );
  core.startGroup('Rolling back the cancelled deployment');
  const context = deployContextFor(settings, deployment.id);
  try {
    await rollBackIfWanted({ run, settings, context });
  } catch (error) {
    deployment.setRollback({ outcome: 'incomplete', message: (error as Error).message });
    deployment.log('error', `Rollback could not run: ${(error as Error).message}`);
  } finally {
    context.engine.close();
    core.endGroup();
    deployment.finish();
  }
  secrets.reveal(run.stacks);
  const record = secrets.redact(toRecordFile(deployment, run.stacks, run.resources));
  const files = writeRecordFiles(settings.outputDirectory, record, cdkOutputs(run.stacks));
  core.info(`Deployment ${deployment.id} ended ${deployment.status}; record: ${files.recordFile}`);
  removeCheckpoint(file);
  const reporter = reporterFor(settings, env, checkpoint.githubDeploymentId);
  await reporter.finish(record, files.recordFile);
  if (deployment.status !== 'rolled_back') {
    core.setFailed(
      `The cancelled deployment could not be rolled back: ${deployment.rollback?.message ?? ''}`,
    );
  }
}

import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import * as core from '@actions/core';
import type { ContextFactory } from './lifecycle/deploy-context.js';
import { newRun, type DeploymentRun } from './lifecycle/deployment-run.js';
import type { LifecycleHooks } from './lifecycle/mode.js';
import { runLifecycle } from './lifecycle/run-lifecycle.js';
import { Deployment } from './model/deployment.js';
import { toRecordFile } from './model/record.js';
import { jobLogSink } from './report/job-log.js';
import { stepSecrets } from './report/secrets.js';
import { keepArtifact, reportRun } from './report/report-run.js';
import { reporterFor } from './report/run-reporter.js';
import { renderJobSummary } from './report/summary/index.js';
import type { Settings } from './settings/settings.js';
import { settingsFromInputs } from './settings/from-inputs.js';
import { deployContextFor } from './deploy-context-for.js';
import { Checkpoints } from './checkpoints.js';
import { Cancellation } from './lifecycle/cancellation.js';
import { realSleep } from './util/sleep.js';
import { reviewedPlanFinder } from './review/reviewed-plan-finder.js';

/** A run that could not start still leaves a failed record, so nothing is lost. */
function failedBeforeStart(error: Error): DeploymentRun {
  const environment = core.getInput('environment').trim() || 'dev';
  // The record keeps the mode as it was given, a bad one too: that may be what is wrong.
  const mode = core.getInput('mode').trim() || 'deploy';
  const deployment = new Deployment(environment, mode, jobLogSink);
  deployment.log('error', error.message);
  deployment.fail(error.message);
  deployment.finish();
  return newRun(deployment);
}

/**
 * A bad input still leaves what every run leaves: the record, a job summary that says what is
 * wrong and how to fix it, and the artifact.
 */
async function reportRefusedRun(
  error: Error,
  env: NodeJS.ProcessEnv,
  secrets: ReturnType<typeof stepSecrets>,
): Promise<void> {
  const failed = failedBeforeStart(error);
  const files = reportRun(
    failed,
    resolve(env.RUNNER_TEMP ?? tmpdir(), 'cdk-deploy-action'),
    secrets,
  );
  const record = secrets.redact(toRecordFile(failed.deployment, failed.stacks, failed.resources));
  const summary = renderJobSummary(record, { recordFile: files.recordFile });
  if (env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(summary).write();
  const artifactSettings = {
    artifactName: core.getInput('artifact-name').trim() || null,
    environment: failed.deployment.environment,
  };
  await keepArtifact(failed, files, summary, artifactSettings, secrets, env);
  core.setFailed(error.message);
}

export async function run(
  env: NodeJS.ProcessEnv = process.env,
  cancellation: Cancellation = new Cancellation(),
): Promise<void> {
  const secrets = stepSecrets(core.getInput('github-token'), env, (value) => core.setSecret(value));
  let settings: Settings;
  try {
    settings = settingsFromInputs(env);
  } catch (error) {
    await reportRefusedRun(error as Error, env, secrets);
    return;
  }
  const reporter = reporterFor(settings, env);
  const cancellable: ContextFactory = (deploymentId) =>
    deployContextFor(settings, deploymentId, { sleep: cancellation.wrapSleep(realSleep) });
  secrets.nameOutputs(settings.maskOutputs);
  const recordOf = (run: DeploymentRun) =>
    secrets.redact(toRecordFile(run.deployment, run.stacks, run.resources));
  const checkpoints = new Checkpoints(settings.outputDirectory, {
    githubDeploymentId: () => reporter.githubDeploymentId,
    redact: (record) => secrets.redact(record),
  });
  cancellation.onTerminate(() => {
    const abandoned = checkpoints.abandon(cancellation.reason);
    core.setFailed(
      `Deployment ${cancellation.reason}${abandoned ? `; record: ${abandoned.deployment.id}` : ''}. The post step finishes what CloudFormation is still doing.`,
    );
  });
  const hooks: LifecycleHooks = {
    sink: jobLogSink,
    phase: (phase, start) => (start ? core.startGroup(phase) : core.endGroup()),
    progress: (progress) => void reporter.progress(recordOf(progress)),
    env,
    cancellation,
    checkpoint: (progress) => checkpoints.save(progress),
    stackDone: (stack) => secrets.reveal([stack]),
    reviewedPlan: reviewedPlanFinder(settings, env),
  };
  const result = await runLifecycle(settings, cancellable, hooks);
  checkpoints.finish(result);
  secrets.reveal(result.stacks);
  const files = reportRun(result, settings.outputDirectory, secrets);
  const summary = await reporter.finish(recordOf(result), files.recordFile);
  await keepArtifact(result, files, summary, settings, secrets, env);
  if (result.deployment.status !== 'completed') {
    core.setFailed(
      `Deployment ${result.deployment.status}: ${result.deployment.rollbackReason ?? 'unknown reason'}`,
    );
  }
}

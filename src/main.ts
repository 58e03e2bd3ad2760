import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import * as core from '@actions/core';
import { newRun, type DeploymentRun } from './lifecycle/deployment-run.js';
import { runDestroy } from './lifecycle/run-destroy.js';
import {
  runDeployment,
  type ContextFactory,
  type LifecycleHooks,
} from './lifecycle/run-deployment.js';
import { runPlan } from './lifecycle/run-plan.js';
import { Deployment } from './model/deployment.js';
import { toRecordFile } from './model/record.js';
import { jobLogSink } from './report/job-log.js';
import { stepSecrets } from './report/secrets.js';
import { keepArtifact, reportRun } from './report/report-run.js';
import { reporterFor } from './report/run-reporter.js';
import { MODES, type Settings } from './settings/settings.js';
import { settingsFromInputs } from './settings/from-inputs.js';
import { deployContextFor } from './deploy-context-for.js';
import { Checkpoints } from './checkpoints.js';
import { Cancellation } from './lifecycle/cancellation.js';

/** A run that could not start still leaves a failed record, so nothing is lost. */
function failedBeforeStart(error: Error): DeploymentRun {
  const environment = core.getInput('environment').trim() || 'dev';
  // The record's mode is one the schema knows, even when the input was not.
  const mode = MODES.find((m) => m === core.getInput('mode').trim()) ?? 'deploy';
  const deployment = new Deployment(environment, mode, jobLogSink);
  deployment.log('error', error.message);
  deployment.fail(error.message);
  deployment.finish();
  return newRun(deployment);
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
    const failed = failedBeforeStart(error as Error);
    reportRun(failed, resolve(env.RUNNER_TEMP ?? tmpdir(), 'cdk-deploy-action'), secrets);
    core.setFailed((error as Error).message);
    return;
  }
  const reporter = reporterFor(settings, env);
  const cancellable: ContextFactory = (deploymentId) => {
    const context = deployContextFor(settings, deploymentId);
    return { ...context, sleep: cancellation.wrapSleep(context.sleep) };
  };
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
    progress: (progress) => reporter.progress(recordOf(progress)),
    env,
    cancellation,
    checkpoint: (progress) => checkpoints.save(progress),
    stackDeployed: (stack) => secrets.reveal([stack]),
  };
  const result =
    settings.mode === 'plan'
      ? await runPlan(settings, cancellable, hooks, {
          failOnDestructiveChanges: settings.failOnDestructiveChanges,
        })
      : settings.mode === 'destroy'
        ? await runDestroy(settings, cancellable, hooks)
        : await runDeployment(settings, cancellable, hooks);
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

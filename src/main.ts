import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import * as core from '@actions/core';
import { AssetPublisher } from './assets/publish-assets.js';
import { AwsEnvironments } from './cloudformation/aws-environment.js';
import { BootstrapCheck } from './cloudformation/bootstrap-check.js';
import { realSleep } from './cloudformation/polling.js';
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
import { cdkOutputs } from './report/cdk-outputs.js';
import { jobLogSink } from './report/job-log.js';
import { setJobOutputs } from './report/job-outputs.js';
import { writeRecordFiles, type RecordFiles } from './report/record-files.js';
import {
  artifactFolder,
  artifactName,
  deploymentArtifactFiles,
  publishArtifact,
} from './report/artifact/index.js';
import { RunReporter } from './report/run-reporter.js';
import type { Settings } from './settings.js';
import { settingsFromInputs } from './settings-from-inputs.js';
import { Checkpoints } from './checkpoints.js';
import { Cancellation } from './lifecycle/cancellation.js';

/** A run that could not start still leaves a failed record, so nothing is lost. */
function failedBeforeStart(error: Error): DeploymentRun {
  const environment = core.getInput('environment').trim() || 'dev';
  const mode = core.getInput('mode').trim() || 'deploy';
  const deployment = new Deployment(environment, mode, jobLogSink);
  deployment.log('error', error.message);
  deployment.fail(error.message);
  deployment.finish();
  return newRun(deployment);
}

function report(run: DeploymentRun, outputDirectory: string): RecordFiles {
  const record = toRecordFile(run.deployment, run.stacks, run.resources);
  // A plan or a destroy deploys nothing, so it hands on no stack outputs.
  const outputs = run.deployment.mode === 'deploy' ? cdkOutputs(run.stacks) : {};
  const files = writeRecordFiles(outputDirectory, record, outputs);
  setJobOutputs((name, value) => core.setOutput(name, value), record, outputs, files);
  core.info(
    `Deployment ${record.deployment.id} ended ${record.deployment.status}; record: ${files.recordFile}`,
  );
  return files;
}

/** The record, outputs, templates and summary as one artifact, or a folder when there is no service. */
async function keepArtifact(
  run: DeploymentRun,
  files: RecordFiles,
  summaryMarkdown: string,
  settings: Settings,
  env: NodeJS.ProcessEnv,
): Promise<void> {
  const result = await publishArtifact({
    name: artifactName(settings.artifactName ?? '', settings.environment, run.deployment.id),
    files: deploymentArtifactFiles({
      recordFiles: files,
      stacks: run.stacks.map((s) => s.identity),
      summaryMarkdown,
    }),
    folder: artifactFolder(files),
    env,
  });
  core.setOutput('artifact-path', result.folder);
  if (result.notice) {
    if (result.noticeLevel === 'warning') core.warning(result.notice);
    else core.notice(result.notice);
  }
}

const recordOf = (run: DeploymentRun) => toRecordFile(run.deployment, run.stacks, run.resources);

export async function run(
  env: NodeJS.ProcessEnv = process.env,
  cancellation: Cancellation = new Cancellation(),
): Promise<void> {
  const token = core.getInput('github-token');
  if (token) core.setSecret(token);
  let settings: Settings;
  try {
    settings = settingsFromInputs(env);
  } catch (error) {
    const failed = failedBeforeStart(error as Error);
    report(failed, resolve(env.RUNNER_TEMP ?? tmpdir(), 'cdk-deploy-action'));
    core.setFailed((error as Error).message);
    return;
  }
  const reporter = new RunReporter({
    token: settings.githubToken,
    environment: settings.environment,
    commentOnPr: settings.commentOnPr,
    githubDeployment: settings.githubDeployment,
    environmentUrl: settings.environmentUrl,
    environmentUrlOutput: settings.environmentUrlOutput,
    env,
  });
  const makeContext: ContextFactory = (deploymentId) => ({
    deploymentId,
    environments: new AwsEnvironments(settings.region),
    bootstrap: new BootstrapCheck(),
    assets: new AssetPublisher(),
    parameters: settings.parameters,
    sleep: realSleep,
  });
  const cancellable: ContextFactory = (deploymentId) => {
    const context = makeContext(deploymentId);
    return { ...context, sleep: cancellation.wrapSleep(context.sleep) };
  };
  const checkpoints = new Checkpoints(settings.outputDirectory, () => reporter.githubDeploymentId);
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
  const files = report(result, settings.outputDirectory);
  const summary = await reporter.finish(recordOf(result), files.recordFile);
  await keepArtifact(result, files, summary, settings, env);
  if (result.deployment.status !== 'completed') {
    core.setFailed(
      `Deployment ${result.deployment.status}: ${result.deployment.rollbackReason ?? 'unknown reason'}`,
    );
  }
}

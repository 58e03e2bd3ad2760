import type { CheckResult } from '../model/check-result.js';
import { cdkOutputs } from '../report/cdk-outputs.js';
import { recordFiles, writeOutputsFile } from '../report/record-files.js';
import type { Settings } from '../settings.js';
import { liveResourceReader } from '../verify/live/read-live-resource.js';
import { verifyLiveResources, type LiveReading } from '../verify/live-verification.js';
import { checkDeclaredOutputs, checkStackComplete } from '../verify/stack-checks.js';
import type { DeployContext } from './deploy-context.js';
import { runVerifyCommand, verifyEnvironment } from '../verify/verify-command.js';
import type { DeploymentRun } from './deployment-run.js';
import type { StackWork } from './stack-deployer.js';

function describeFailure(result: CheckResult): string {
  const where = [
    result.stack && `stack ${result.stack}`,
    result.resource && `resource ${result.resource}`,
  ]
    .filter(Boolean)
    .join(', ');
  return `Check ${result.check} failed${where ? ` for ${where}` : ''}: ${result.message}`;
}

/**
 * Runs every check on what was deployed, records each result, and returns every failure (not only
 * the first), each naming its check, stack and message.
 */
export async function verifyDeployment(
  run: DeploymentRun,
  work: readonly StackWork[],
  settings: Settings,
  context: DeployContext,
  env: NodeJS.ProcessEnv,
): Promise<string[]> {
  const results: CheckResult[] = [];
  const readings: LiveReading[] = [];
  for (const { stack, artifact } of work) {
    const state = {
      artifact,
      cloudformationStatus: stack.cloudformationStatus,
      outputs: stack.outputs,
    };
    results.push(checkStackComplete(state), checkDeclaredOutputs(state));
    const resolved = await context.environments.resolve(artifact.environment);
    const reader = liveResourceReader({
      region: resolved.region,
      maxAttempts: context.environments.maxAttempts,
    });
    try {
      const resources = run.resources.filter((r) => r.stackId === stack.id);
      const live = await verifyLiveResources(stack.name, resources, reader);
      readings.push(...live.readings);
      results.push(...live.results);
    } finally {
      reader.destroy();
    }
  }
  if (settings.verifyCommand) {
    const outputs = cdkOutputs(run.stacks);
    const files = recordFiles(settings.outputDirectory, run.deployment.id);
    writeOutputsFile(files, outputs);
    run.deployment.log('info', `Running the verify command: ${settings.verifyCommand}`);
    results.push(
      await runVerifyCommand({
        command: settings.verifyCommand,
        workingDirectory: settings.workingDirectory,
        env: verifyEnvironment(env, outputs, files.outputsFile),
      }),
    );
  }
  results.forEach((result) => run.deployment.recordCheck(result));
  return results.filter((r) => !r.passed).map(describeFailure);
}

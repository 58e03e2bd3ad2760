import type { CheckResult } from '../model/check-result.js';
import { cdkOutputs } from '../report/cdk-outputs.js';
import { recordFiles, writeOutputsFile } from '../report/record-files.js';
import { applyLiveReadings, type LiveReading } from '../verify/live-verification.js';
import { checkDeclaredOutputs, checkStackComplete } from '../verify/stack-checks.js';
import { checkOutputContract } from '../verify/contract/output-contract.js';
import { checkResourceContractLive } from '../verify/contract/resource-contract.js';
import { checkLiveTags } from '../verify/tags/tag-checks.js';
import { runVerifyCommand, verifyEnvironment } from '../verify/verify-command.js';
import { describeFailure } from './describe-failure.js';
import { liveReadsOf } from './live-reads.js';
import type { RunScope } from './mode.js';

/**
 * Every resource read back through its service (the reads of each stack started when it was
 * done, see live-reads.ts), with the stack's own checks.
 */
async function readStacks(
  scope: RunScope,
): Promise<{ results: CheckResult[]; readings: LiveReading[] }> {
  const reads = liveReadsOf(scope);
  try {
    const perStack = await Promise.all(
      scope.work.map(async (item) => {
        const { stack, artifact } = item;
        const state = {
          artifact,
          cloudformationStatus: stack.cloudformationStatus,
          outputs: stack.outputs,
          monitoringUntil: stack.monitoringUntil,
        };
        const read = await reads.of(item);
        if (stack.timings) stack.timings = { ...stack.timings, verify_ms: read.ms };
        const live = applyLiveReadings(stack.name, read.readings);
        return {
          checks: [checkStackComplete(state), checkDeclaredOutputs(state), ...live.results],
          live,
        };
      }),
    );
    return {
      results: perStack.flatMap((s) => s.checks),
      readings: perStack.flatMap((s) => s.live.readings),
    };
  } finally {
    reads.close();
  }
}

function contractChecks(scope: RunScope, readings: readonly LiveReading[]): CheckResult[] {
  const { run, work, contract } = scope;
  if (!contract) return [];
  const environment = run.deployment.environment;
  const deployed = work.map(({ stack, artifact }) => ({
    id: artifact.id,
    stackName: artifact.stackName,
    outputs: stack.outputs,
  }));
  const live = readings.map(({ resource, result }) => ({
    stackName: resource.description.stackName,
    stackId: run.artifacts.get(resource.stackId)?.id ?? resource.description.stackName,
    logicalId: resource.description.logicalId,
    resourceType: resource.description.resourceType,
    properties: result.outcome === 'found' ? { ...result.properties } : null,
  }));
  return [
    ...checkOutputContract(contract, environment, deployed),
    ...checkResourceContractLive(contract, environment, live),
  ];
}

function tagChecks(scope: RunScope, readings: readonly LiveReading[]): CheckResult[] {
  if (scope.requiredTags.length === 0) return [];
  const tagged = readings.map(({ resource, result }) => ({
    stackName: resource.description.stackName,
    logicalId: resource.description.logicalId,
    resourceType: resource.description.resourceType,
    tags: result.outcome === 'found' && result.tags ? { ...result.tags } : null,
  }));
  return checkLiveTags(scope.requiredTags, tagged);
}

async function verifyCommandCheck(scope: RunScope): Promise<CheckResult[]> {
  const { run, settings, hooks } = scope;
  if (!settings.verifyCommand) return [];
  const outputs = cdkOutputs(run.stacks);
  const files = recordFiles(settings.outputDirectory, run.deployment.id);
  writeOutputsFile(files, outputs);
  run.deployment.log('info', `Running the verify command: ${settings.verifyCommand}`);
  return [
    await runVerifyCommand({
      command: settings.verifyCommand,
      workingDirectory: settings.workingDirectory,
      timeoutMs: settings.verifyTimeoutMs,
      env: verifyEnvironment(hooks.env ?? process.env, outputs, files.outputsFile),
    }),
  ];
}

/**
 * Runs every check on what was deployed, records each result, and returns every failure (not only
 * the first), each naming its check, stack and message.
 */
export async function verifyDeployment(scope: RunScope): Promise<string[]> {
  const { results: stackResults, readings } = await readStacks(scope);
  const results = [
    ...stackResults,
    ...contractChecks(scope, readings),
    ...tagChecks(scope, readings),
    ...(await verifyCommandCheck(scope)),
  ];
  results.forEach((result) => scope.run.deployment.recordCheck(result));
  return results.filter((r) => !r.passed).map(describeFailure);
}

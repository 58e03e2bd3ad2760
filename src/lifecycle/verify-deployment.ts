import type { CheckResult } from '../model/check-result.js';
import { cdkOutputs } from '../report/cdk-outputs.js';
import { recordFiles, writeOutputsFile } from '../report/record-files.js';
import { groupBy } from '../util/group-by.js';
import { createLimiter } from '../util/limiter.js';
import {
  liveResourceReader,
  type ClosableLiveResourceReader,
} from '../verify/live/read-live-resource.js';
import { verifyLiveResources, type LiveReading } from '../verify/live-verification.js';
import { checkDeclaredOutputs, checkStackComplete } from '../verify/stack-checks.js';
import { checkOutputContract } from '../verify/contract/output-contract.js';
import { checkResourceContractLive } from '../verify/contract/resource-contract.js';
import { checkLiveTags } from '../verify/tags/tag-checks.js';
import { runVerifyCommand, verifyEnvironment } from '../verify/verify-command.js';
import { describeFailure } from './describe-failure.js';
import type { StackWork } from './deployment-run.js';
import type { RunScope } from './mode.js';
import type { RoleTarget } from '../aws/aws-environment.js';

/**
 * Every resource read back through its service, at most `concurrency` reads at once for the whole
 * run, with one reader (one set of service clients) per region.
 */
async function readStacks(
  scope: RunScope,
): Promise<{ results: CheckResult[]; readings: LiveReading[] }> {
  const { run, work, settings, context } = scope;
  const resourcesOf = groupBy(run.resources, (r) => r.stackId);
  const limit = createLimiter(settings.concurrency);
  // One reader (one set of service clients) per account, region and role, shared by its stacks.
  const readers = new Map<RoleTarget, ClosableLiveResourceReader>();
  const readerFor = async (work: StackWork): Promise<ClosableLiveResourceReader> => {
    const target = await context.environments.readTarget(work.artifact, (message) =>
      run.deployment.log('warning', message, { stack: work.stack.name }),
    );
    let reader = readers.get(target);
    if (!reader) {
      reader = liveResourceReader({
        region: target.env.region,
        maxAttempts: context.environments.maxAttempts,
        ...(target.settings.credentials ? { credentials: target.settings.credentials } : {}),
      });
      readers.set(target, reader);
    }
    return reader;
  };
  try {
    const perStack = await Promise.all(
      work.map(async (item) => {
        const { stack, artifact } = item;
        const state = {
          artifact,
          cloudformationStatus: stack.cloudformationStatus,
          outputs: stack.outputs,
          monitoringUntil: stack.monitoringUntil,
        };
        const live = await verifyLiveResources(
          stack.name,
          resourcesOf.get(stack.id) ?? [],
          await readerFor(item),
          limit,
        );
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
    readers.forEach((reader) => reader.destroy());
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

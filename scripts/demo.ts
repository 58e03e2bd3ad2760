/**
 * Deploys examples/ through the committed bundle on a local CloudFormation emulator, the way the
 * Actions runner runs the action, and prints what a workflow would see. Options are the action's
 * inputs (`npm run demo -- --mode plan --stacks 'Demo*'`, `npm run demo -- --help`); in mode
 * deploy the app is deployed a second time, to show that unchanged stacks are skipped.
 */
import { startEmulator } from './emulator/start-emulator.js';
import {
  type DemoCommand,
  DemoUsageError,
  demoHelp,
  ignoredInputVariables,
  parseDemoArguments,
  readActionInputs,
} from './lib/demo-options.js';
import {
  fileLocations,
  parseOutputJson,
  readRecord,
  secondDeploySummary,
  stackResult,
} from './lib/demo-report.js';
import { type ActionRunResult, runAction } from './lib/run-action.js';

const actionInputs = readActionInputs();
let command: DemoCommand;
try {
  command = parseDemoArguments(process.argv.slice(2), actionInputs);
} catch (error) {
  if (!(error instanceof DemoUsageError)) throw error;
  console.error(error.message);
  process.exit(2);
}
if (command.kind === 'help') {
  console.log(demoHelp(actionInputs));
  process.exit(0);
}
for (const warning of ignoredInputVariables(process.env, actionInputs)) {
  console.warn(`Warning: ${warning}`);
}
const { inputs, options } = command;
const mode = inputs.mode?.trim() || 'deploy';

/** Prints the step outputs (`brief`: only the status and the deployment id), stacks and files. */
function printRun(result: ActionRunResult, brief = false): void {
  const { outputs } = result;
  console.log('\nStep outputs read back from GITHUB_OUTPUT:');
  console.log(`  status:        ${outputs.status ?? ''}`);
  console.log(`  deployment-id: ${outputs['deployment-id'] ?? ''}`);
  if (!brief) printOutputs(outputs);
  if (outputs['rollback-reason']) console.log(`  rollback-reason: ${outputs['rollback-reason']}`);
  const record = readRecord(outputs['record-file']);
  if (record && record.stacks.length > 0) {
    console.log(`\nStacks in the record (mode ${record.deployment.mode ?? mode}):`);
    for (const stack of record.stacks) console.log(`  ${stack.name}: ${stackResult(stack)}`);
  }
  console.log('\nWhere the run left its files:');
  for (const line of fileLocations(result)) console.log(line);
}

function printOutputs(outputs: Record<string, string>): void {
  console.log(`  stacks-order:  ${outputs['stacks-order'] ?? ''}`);
  console.log(
    `  outputs:       ${JSON.stringify(parseOutputJson(outputs.outputs, {}), null, 2).replace(/\n/g, '\n                 ')}`,
  );
  const resources = parseOutputJson<{ status: string }[]>(outputs.resources, []);
  console.log(
    `  resources:     ${resources.length} (${resources.filter((r) => r.status === 'available').length} available)`,
  );
  console.log(`  record-file:   ${outputs['record-file'] ?? ''}`);
}

const region = 'us-east-1';
const emulator = await startEmulator({ bootstrapRegions: [region] });
console.log(
  `Local CloudFormation emulator at ${emulator.endpoint} (bootstrapped account 123456789012, ${region})`,
);
if (Object.keys(options).length > 0) {
  console.log(
    `Inputs from the command line: ${Object.entries(options)
      .map(([name, value]) => `${name}=${JSON.stringify(value)}`)
      .join(', ')}`,
  );
}
try {
  const run = (): Promise<ActionRunResult> =>
    runAction({
      inputs,
      env: emulator.env(region),
      onLine: (line) => console.log(`  | ${line}`),
    });
  const result = await run();
  printRun(result);
  process.exitCode = result.exitCode ?? 1;

  if (mode === 'deploy' && result.exitCode === 0 && result.outputs.status === 'completed') {
    console.log('\nDeploying the same app again: unchanged stacks are skipped.');
    const again = await run();
    printRun(again, true);
    const record = readRecord(again.outputs['record-file']);
    console.log(
      `\n${record ? secondDeploySummary(record) : 'second deploy: no record was written'}`,
    );
    process.exitCode = again.exitCode ?? 1;
  }
} finally {
  await emulator.stop();
}

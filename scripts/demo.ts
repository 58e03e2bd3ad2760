/**
 * Deploys examples/ through the committed bundle on a local CloudFormation emulator, the way the
 * Actions runner runs the action, and prints what a workflow would see.
 */
import { startEmulator } from './emulator/start-emulator.js';
import { runAction } from './lib/run-action.js';

const region = 'us-east-1';
const emulator = await startEmulator({ bootstrapRegions: [region] });
console.log(
  `Local CloudFormation emulator at ${emulator.endpoint} (bootstrapped account 123456789012, ${region})`,
);
try {
  const result = await runAction({
    inputs: { 'working-directory': 'examples', environment: 'dev' },
    env: emulator.env(region),
    onLine: (line) => console.log(`  | ${line}`),
  });
  const { outputs } = result;
  console.log('\nStep outputs read back from GITHUB_OUTPUT:');
  console.log(`  status:        ${outputs.status ?? ''}`);
  console.log(`  deployment-id: ${outputs['deployment-id'] ?? ''}`);
  console.log(`  stacks-order:  ${outputs['stacks-order'] ?? ''}`);
  console.log(
    `  outputs:       ${JSON.stringify(JSON.parse(outputs.outputs ?? '{}'), null, 2).replace(/\n/g, '\n                 ')}`,
  );
  const resources = JSON.parse(outputs.resources ?? '[]') as { status: string }[];
  console.log(
    `  resources:     ${resources.length} (${resources.filter((r) => r.status === 'available').length} available)`,
  );
  console.log(`  record-file:   ${outputs['record-file'] ?? ''}`);
  if (outputs['rollback-reason']) console.log(`  rollback-reason: ${outputs['rollback-reason']}`);
  process.exitCode = result.exitCode ?? 1;
} finally {
  await emulator.stop();
}

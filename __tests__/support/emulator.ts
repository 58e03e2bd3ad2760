import { CloudFormationClient, ListStacksCommand } from '@aws-sdk/client-cloudformation';
import { afterAll, beforeAll } from 'vitest';
import { startEmulator, type Emulator } from '../../scripts/emulator/start-emulator.js';

export interface EmulatorFixture {
  readonly emulator: Emulator;
  /** A CloudFormation client of the test's own, for looking at the account. */
  readonly cloudFormation: CloudFormationClient;
  /** The stacks the account has (the bootstrap stack left out), by name, with their status. */
  liveStacks(): Promise<Record<string, string>>;
}

export interface EmulatorOptions {
  /**
   * Points this process's AWS environment at the emulator for the file's tests (the in-process
   * engine reads it), and puts it back afterwards.
   */
  readonly processEnv?: boolean;
  /**
   * The regions to CDK-bootstrap, also after every reset; `[region]` when omitted. Name `region`
   * too if the file's clients work there.
   */
  readonly bootstrapRegions?: readonly string[];
  /**
   * Runs once the emulator is up (after `processEnv` took effect), for the file's own setup:
   * clients, a proxy in front of it, stacks every test reads.
   */
  readonly afterStart?: (emulator: Emulator) => unknown;
  /** Runs before the emulator stops (and before `processEnv` is put back), to undo `afterStart`. */
  readonly beforeStop?: () => unknown;
}

/** Starts one emulator (a bootstrapped account) for the test file and stops it afterwards. */
export function useEmulator(region = 'us-east-1', options: EmulatorOptions = {}): EmulatorFixture {
  let emulator: Emulator | undefined;
  let client: CloudFormationClient | undefined;
  const saved = { ...process.env };
  beforeAll(async () => {
    emulator = await startEmulator({
      bootstrapRegions: [...(options.bootstrapRegions ?? [region])],
    });
    if (options.processEnv) Object.assign(process.env, emulator.env(region));
    client = new CloudFormationClient({
      endpoint: emulator.endpoint,
      region,
      credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    });
    await options.afterStart?.(emulator);
  });
  afterAll(async () => {
    try {
      if (emulator) await options.beforeStop?.();
    } finally {
      if (options.processEnv) process.env = saved;
      client?.destroy();
      await emulator?.stop();
    }
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the emulator is used before beforeAll started it');
    return value;
  };
  return {
    get emulator() {
      return started(emulator);
    },
    get cloudFormation() {
      return started(client);
    },
    async liveStacks() {
      const answer = await started(client).send(new ListStacksCommand({}));
      return Object.fromEntries(
        (answer.StackSummaries ?? [])
          .filter((s) => s.StackStatus !== 'DELETE_COMPLETE' && s.StackName !== 'CDKToolkit')
          .map((s) => [s.StackName ?? '', s.StackStatus ?? '']),
      );
    },
  };
}

import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jobEnvironment } from '../../src/util/job-environment.js';
import { runVerifyCommand, verifyEnvironment } from '../../src/verify/verify-command.js';

const workingDirectory = mkdtempSync(join(tmpdir(), 'verify-'));
const env = { PATH: process.env.PATH ?? '' };
const run = (command: string, timeoutMs = 30_000) =>
  runVerifyCommand({ command, workingDirectory, env, timeoutMs });

describe('the verify command, run as a run: step runs', () => {
  it('understands quotes, redirections and several lines', async () => {
    const result = await run(`sh -c 'echo checked > out.txt'\necho second line >> out.txt`);
    expect(result).toMatchObject({ check: 'verify-command', passed: true });
    expect(readFileSync(join(workingDirectory, 'out.txt'), 'utf8')).toBe('checked\nsecond line\n');
  });

  it('fails on a shell built-in exit, with its code and last lines', async () => {
    const result = await run('echo smoke test: 1 failed\nexit 3');
    expect(result.passed).toBe(false);
    expect(result.message).toContain('exited with code 3');
    expect(result.message).toContain('smoke test: 1 failed');
  });

  it('stops at the first failing line (-e) and sees a failure inside a pipe (pipefail)', async () => {
    const stopped = await run('false\necho not reached > reached.txt');
    expect(stopped.passed).toBe(false);
    expect(() => readFileSync(join(workingDirectory, 'reached.txt'))).toThrow();
    expect((await run('false | cat')).passed).toBe(false);
  });

  it('stops a command that runs past verify-timeout, and fails the check saying so', async () => {
    const started = Date.now();
    const result = await run('echo waiting\nsleep 30', 300);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(result.passed).toBe(false);
    expect(result.message).toContain('still running after verify-timeout (0.3s)');
    expect(result.message).toContain('waiting');
  });

  it('says which directory it could not start in', async () => {
    const result = await runVerifyCommand({
      command: 'true',
      workingDirectory: join(workingDirectory, 'missing'),
      env,
      timeoutMs: 1000,
    });
    expect(result.passed).toBe(false);
    expect(result.message).toMatch(/could not start in '.*missing'/);
  });

  it('gets the outputs as variables, never pasted into the script', async () => {
    const outputs = { Api: { Url: 'https://x.example.com/$(touch pwned)' } };
    const scriptEnv = verifyEnvironment({ ...env, INPUT_GITHUB_TOKEN: 'secret' }, outputs, '/o');
    expect(scriptEnv.INPUT_GITHUB_TOKEN).toBeUndefined();
    const result = await runVerifyCommand({
      command: 'test "$CDK_OUTPUT_API_URL" = \'https://x.example.com/$(touch pwned)\'',
      workingDirectory,
      env: scriptEnv,
      timeoutMs: 10_000,
    });
    expect(result.passed).toBe(true);
    expect(() => readFileSync(join(workingDirectory, 'pwned'))).toThrow();
  });
});

describe('the job environment of the user commands', () => {
  it('leaves out the action inputs and the runner tokens', () => {
    expect(
      jobEnvironment({
        HOME: '/home/runner',
        AWS_REGION: 'eu-west-1',
        'INPUT_GITHUB-TOKEN': 'ghs_secret',
        ACTIONS_RUNTIME_TOKEN: 'runtime',
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'oidc',
      }),
    ).toEqual({ HOME: '/home/runner', AWS_REGION: 'eu-west-1' });
  });
});

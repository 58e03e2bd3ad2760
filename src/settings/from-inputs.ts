import { tmpdir } from 'node:os';
import * as core from '@actions/core';
import { readSettings, type Settings } from './settings.js';

/** The step's inputs, as the runner passes them to the main and the post step alike. */
export function settingsFromInputs(env: NodeJS.ProcessEnv): Settings {
  return readSettings((name) => core.getInput(name), {
    workspace: env.GITHUB_WORKSPACE ?? process.cwd(),
    runnerTemp: env.RUNNER_TEMP ?? tmpdir(),
    env,
  });
}

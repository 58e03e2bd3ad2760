/**
 * The job's environment less what the runner hands the action alone: its inputs (`INPUT_*`, the
 * GitHub token among them) and the runner's own tokens (`ACTIONS_*`). What the user's commands
 * (synth, verify) run with: on a pull request they run the pull request's code.
 */
export function jobEnvironment(base: NodeJS.ProcessEnv): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(base)) {
    if (value === undefined) continue;
    if (key.startsWith('INPUT_') || key.startsWith('ACTIONS_')) continue;
    env[key] = value;
  }
  return env;
}

/**
 * Whether the runner offers the artifact service `@actions/artifact` (v2 and later) talks to. It
 * needs `ACTIONS_RUNTIME_TOKEN` and `ACTIONS_RESULTS_URL`, which the runner gives JavaScript
 * actions, and it does not work on GitHub Enterprise Server.
 */

export type ArtifactServiceAvailability =
  { readonly available: true } | { readonly available: false; readonly reason: string };

/**
 * GitHub Enterprise Server, judged from `GITHUB_SERVER_URL` the way `@actions/artifact` judges it:
 * anything but `github.com`, a `*.ghe.com` host (GitHub Enterprise Cloud with data residency,
 * which has the artifact service) or a `*.localhost` host is Enterprise Server. Unset means
 * github.com. A value that is not a URL counts as Enterprise Server: the library would throw on it.
 */
export function isEnterpriseServer(serverUrl: string | undefined): boolean {
  let hostname: string;
  try {
    hostname = new URL(serverUrl?.trim() || 'https://github.com').hostname.toLowerCase();
  } catch {
    return true;
  }
  return !(
    hostname === 'github.com' ||
    hostname.endsWith('.ghe.com') ||
    hostname.endsWith('.localhost')
  );
}

const REQUIRED_VARIABLES = ['ACTIONS_RUNTIME_TOKEN', 'ACTIONS_RESULTS_URL'] as const;

export function artifactServiceAvailability(env: NodeJS.ProcessEnv): ArtifactServiceAvailability {
  if (isEnterpriseServer(env.GITHUB_SERVER_URL)) {
    return {
      available: false,
      reason: `this runner belongs to GitHub Enterprise Server (${env.GITHUB_SERVER_URL ?? ''}), where the artifact service used by @actions/artifact is not available`,
    };
  }
  const missing = REQUIRED_VARIABLES.filter((name) => !env[name]?.trim());
  if (missing.length > 0) {
    return {
      available: false,
      reason: `${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not set, so there is no artifact service to upload to (the runner sets them only for steps of a GitHub Actions job)`,
    };
  }
  return { available: true };
}

/** What the runner tells about this run: repository, pull request, commit and run URL. */
import { readFileSync } from 'node:fs';

export interface Repository {
  readonly owner: string;
  readonly repo: string;
}

export interface PullRequestTarget extends Repository {
  readonly number: number;
}

export interface GitHubContext {
  /** `GITHUB_API_URL`, else github.com's. */
  readonly apiUrl: string;
  readonly repository: Repository | null;
  readonly eventName: string | null;
  /** The pull request of the event, or why there is none. */
  readonly pullRequest: PullRequestTarget | null;
  readonly notPullRequestReason: string | null;
  /** The commit the run is about: the pull request's head commit, else `GITHUB_SHA`. */
  readonly sha: string | null;
  /** The ref for a GitHub deployment; see `deploymentRef`. */
  readonly deploymentRef: string | null;
  /** `GITHUB_SERVER_URL/GITHUB_REPOSITORY/actions/runs/GITHUB_RUN_ID`. */
  readonly runUrl: string | null;
}

type ReadFile = (path: string) => string;

const defaultReadFile: ReadFile = (path) => readFileSync(path, 'utf8');

function parseRepository(fullName: string | undefined): Repository | null {
  const match = /^([^/\s]+)\/([^/\s]+)$/.exec(fullName?.trim() ?? '');
  return match?.[1] && match[2] ? { owner: match[1], repo: match[2] } : null;
}

interface EventPayload {
  pull_request?: { number?: unknown; head?: { sha?: unknown } };
  issue?: { number?: unknown; pull_request?: unknown };
  repository?: { full_name?: unknown };
}

function readPayload(env: NodeJS.ProcessEnv, readFile: ReadFile): EventPayload | string {
  const path = env.GITHUB_EVENT_PATH;
  if (!path) return 'GITHUB_EVENT_PATH is not set (not running on GitHub Actions?)';
  try {
    const payload = JSON.parse(readFile(path)) as unknown;
    return payload && typeof payload === 'object' ? payload : {};
  } catch (error) {
    return `the event payload at ${path} could not be read: ${(error as Error).message}`;
  }
}

function positiveInteger(value: unknown): number | null {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : null;
}

export function runUrl(env: NodeJS.ProcessEnv): string | null {
  const server = (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, '');
  if (!env.GITHUB_REPOSITORY || !env.GITHUB_RUN_ID) return null;
  return `${server}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`;
}

/**
 * The ref of a GitHub deployment: the pull request's head commit when there is one (the exact commit
 * being deployed, and the PR page lists deployments of its head commit; `GITHUB_SHA` there is the
 * test merge commit, and the branch name could already point at a newer push), else
 * `GITHUB_HEAD_REF`, else `GITHUB_SHA`.
 */
export function deploymentRef(env: NodeJS.ProcessEnv, headSha: string | null): string | null {
  return headSha || env.GITHUB_HEAD_REF || env.GITHUB_SHA || null;
}

/** Reads the repository, the pull request (from the event payload) and the run's links. Never throws. */
export function readGitHubContext(
  env: NodeJS.ProcessEnv = process.env,
  readFile: ReadFile = defaultReadFile,
): GitHubContext {
  const payload = readPayload(env, readFile);
  const event: EventPayload = typeof payload === 'string' ? {} : payload;
  const fullName =
    env.GITHUB_REPOSITORY ||
    (typeof event.repository?.full_name === 'string' ? event.repository.full_name : undefined);
  const repository = parseRepository(fullName);
  const eventName = env.GITHUB_EVENT_NAME || null;

  let number: number | null = null;
  let headSha: string | null = null;
  if (event.pull_request) {
    number = positiveInteger(event.pull_request.number);
    headSha = typeof event.pull_request.head?.sha === 'string' ? event.pull_request.head.sha : null;
  } else if (event.issue?.pull_request) {
    // issue_comment on a pull request: the issue is the pull request.
    number = positiveInteger(event.issue.number);
  }

  let notPullRequestReason: string | null = null;
  if (typeof payload === 'string') notPullRequestReason = payload;
  else if (number === null) {
    notPullRequestReason = `the '${eventName ?? 'unknown'}' event is not about a pull request`;
  } else if (!repository) notPullRequestReason = 'GITHUB_REPOSITORY is not set';

  return {
    apiUrl: env.GITHUB_API_URL || 'https://api.github.com',
    repository,
    eventName,
    pullRequest:
      repository && number !== null && notPullRequestReason === null
        ? { ...repository, number }
        : null,
    notPullRequestReason,
    sha: headSha || env.GITHUB_SHA || null,
    deploymentRef: deploymentRef(env, headSha),
    runUrl: runUrl(env),
  };
}

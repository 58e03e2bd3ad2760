import * as core from '@actions/core';
import { modeWords } from '../model/modes.js';
import type { DeploymentRecordFile } from '../model/record.js';
import type { Settings } from '../settings/settings.js';
import { DEFAULT_TIMEOUT_MS } from './github/api.js';
import { gitHubReporters, type GitHubReporters } from './github/index.js';
import { annotationsFor, renderJobSummary, renderPullRequestComment } from './summary/index.js';

/** How long `finish` waits for GitHub, the reports still queued and the final one together. */
export const DEFAULT_FINISH_TIMEOUT_MS = 15_000;

export interface RunReporterOptions {
  readonly token: string | null;
  readonly environment: string;
  readonly commentOnPr: boolean;
  /**
   * Report the run to GitHub: a run that changes what is live (`ModeWords.isDeployment`) as a
   * GitHub deployment, a plan as a commit status.
   */
  readonly githubDeployment: boolean;
  readonly environmentUrl: string | null;
  readonly environmentUrlOutput: string | null;
  readonly env: NodeJS.ProcessEnv;
  /** The GitHub deployment the main step created, when the post step carries the run on. */
  readonly existingDeploymentId?: number | null;
  /** Longest time of one GitHub call; default 10 s. */
  readonly requestTimeoutMs?: number;
  /** Longest time `finish` waits for GitHub; default 15 s. */
  readonly finishTimeoutMs?: number;
}

type Skippable = { action: string; reason?: string; status?: number; repeated?: boolean };

/**
 * Tells GitHub where a run is: the pull-request comment and the GitHub deployment (a plan's commit
 * status) at every phase, then the job summary and annotations at the end.
 *
 * Reporting never holds up or fails the run: `progress` returns at once and the reports go out
 * one at a time behind it, only the latest of those waiting being sent; `finish` waits for them
 * within a bound. A problem with GitHub is a warning, and a GitHub that does not answer is not
 * called again in the run.
 */
export class RunReporter {
  private readonly github: GitHubReporters | null;
  /** The record waiting to be sent; a newer one replaces it. */
  private waiting: DeploymentRecordFile | null = null;
  private inFlight: Promise<void> | null = null;
  private warnedNoAnswer = false;

  constructor(private readonly options: RunReporterOptions) {
    const wanted = options.commentOnPr || options.githubDeployment;
    this.github =
      wanted && options.token
        ? gitHubReporters({
            token: options.token,
            environment: options.environment,
            env: options.env,
            existingDeploymentId: options.existingDeploymentId ?? null,
            environmentUrl: {
              ...(options.environmentUrl ? { url: options.environmentUrl } : {}),
              ...(options.environmentUrlOutput ? { fromOutput: options.environmentUrlOutput } : {}),
            },
            api: { timeoutMs: options.requestTimeoutMs ?? DEFAULT_TIMEOUT_MS },
          })
        : null;
  }

  /** The GitHub deployment reported to so far, if one was created. */
  get githubDeploymentId(): number | null {
    return this.github?.deployments.id ?? null;
  }

  /**
   * Queues the record as it is now for GitHub and returns at once (the promise is resolved
   * already); called at each phase.
   */
  progress(record: DeploymentRecordFile): Promise<void> {
    if (this.github && !this.github.api.stopped) {
      this.waiting = record;
      this.pump();
    }
    return Promise.resolve();
  }

  /**
   * The final report: waits for the queued reports and sends this one, within `finishTimeoutMs`;
   * writes the annotations and the job summary, and returns the summary's markdown, which the
   * artifact keeps too.
   */
  async finish(record: DeploymentRecordFile, recordFile: string): Promise<string> {
    await this.progress(record);
    await this.settled();
    for (const annotation of annotationsFor(record)) {
      core[annotation.level](annotation.message, { title: annotation.title });
    }
    const runUrl = this.github?.context.runUrl;
    const summary = renderJobSummary(record, { recordFile, ...(runUrl ? { runUrl } : {}) });
    if (this.options.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(summary).write();
    return summary;
  }

  /** Sends the waiting record when nothing is in flight; then the next one, if any came. */
  private pump(): void {
    if (this.inFlight || !this.waiting) return;
    const record = this.waiting;
    this.waiting = null;
    this.inFlight = this.send(record).finally(() => {
      this.inFlight = null;
      this.pump();
    });
  }

  /** Until nothing is in flight or waiting, or the bound: then GitHub is left behind. */
  private async settled(): Promise<void> {
    const github = this.github;
    if (!github) return;
    const bound = this.options.finishTimeoutMs ?? DEFAULT_FINISH_TIMEOUT_MS;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<true>((resolve) => {
      timer = setTimeout(() => resolve(true), bound);
    });
    const drained = (async (): Promise<false> => {
      while (this.inFlight) await this.inFlight;
      return false;
    })();
    const late = await Promise.race([drained, timedOut]);
    clearTimeout(timer);
    if (!late) return;
    this.waiting = null;
    this.warnedNoAnswer = true;
    github.api.stop(`reporting to GitHub took longer than ${bound / 1000} s`);
    core.warning(
      `Reporting to GitHub (${github.api.baseUrl}) did not finish within ${bound / 1000} s; ` +
        'the run goes on without it. The job summary has the full report.',
    );
  }

  private async send(record: DeploymentRecordFile): Promise<void> {
    const github = this.github;
    if (!github || github.api.stopped) return;
    try {
      if (this.options.githubDeployment) {
        if (modeWords(record.deployment.mode).isDeployment) {
          this.note('GitHub deployment', await github.deployments.report(record));
        } else {
          this.note('Commit status', await github.statuses.report(record));
        }
      }
      if (this.options.commentOnPr && !github.api.stopped) {
        const { runUrl, sha } = github.context;
        const body = renderPullRequestComment(record, {
          ...(runUrl ? { runUrl } : {}),
          ...(sha ? { sha } : {}),
        });
        this.note('Pull-request comment', await github.commenter.upsert(body));
      }
    } catch (error) {
      core.warning(`Reporting to GitHub failed: ${(error as Error).message}`);
    }
    this.noteNoAnswer();
  }

  private note(what: string, result: Skippable): void {
    if (result.action !== 'skipped' || result.repeated) return;
    // One warning says that GitHub did not answer, not one per call.
    if (result.status === 0) return;
    const notPullRequest = what === 'Pull-request comment' && !this.github?.context.pullRequest;
    const message = `${what} skipped: ${result.reason ?? 'unknown reason'}`;
    if (notPullRequest) core.info(message);
    else core.warning(message);
  }

  private noteNoAnswer(): void {
    const api = this.github?.api;
    if (!api?.stopped || this.warnedNoAnswer) return;
    this.warnedNoAnswer = true;
    core.warning(
      `The GitHub API at ${api.baseUrl} did not answer: ${api.stopped}. Not calling GitHub ` +
        'again in this run: the pull-request comment, deployment and commit status stay as they ' +
        'are. The run goes on.',
    );
  }
}

/** The reporter a step's settings ask for; the post step reports to the main step's deployment. */
export function reporterFor(
  settings: Settings,
  env: NodeJS.ProcessEnv,
  existingDeploymentId: number | null = null,
): RunReporter {
  return new RunReporter({
    token: settings.githubToken,
    environment: settings.environment,
    commentOnPr: settings.commentOnPr,
    githubDeployment: settings.githubDeployment,
    environmentUrl: settings.environmentUrl,
    environmentUrlOutput: settings.environmentUrlOutput,
    env,
    existingDeploymentId,
  });
}

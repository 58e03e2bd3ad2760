import * as core from '@actions/core';
import type { Settings } from '../settings/settings.js';
import type { DeploymentRecordFile } from '../model/record.js';
import { gitHubReporters, type GitHubReporters } from './github/index.js';
import { annotationsFor, renderJobSummary, renderPullRequestComment } from './summary/index.js';

export interface RunReporterOptions {
  readonly token: string | null;
  readonly environment: string;
  readonly commentOnPr: boolean;
  readonly githubDeployment: boolean;
  readonly environmentUrl: string | null;
  readonly environmentUrlOutput: string | null;
  readonly env: NodeJS.ProcessEnv;
  /** The GitHub deployment the main step created, when the post step carries the run on. */
  readonly existingDeploymentId?: number | null;
}

type Skippable = { action: string; reason?: string; repeated?: boolean };

/**
 * Tells GitHub where a run is: the pull-request comment and the deployment status at every phase,
 * then the job summary and annotations at the end. Nothing here can fail the deployment: a
 * problem with GitHub is a warning.
 */
export class RunReporter {
  private readonly github: GitHubReporters | null;

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
          })
        : null;
  }

  /** The GitHub deployment reported to so far, if one was created. */
  get githubDeploymentId(): number | null {
    return this.github?.deployments.id ?? null;
  }

  private note(what: string, result: Skippable): void {
    if (result.action !== 'skipped' || result.repeated) return;
    const notPullRequest = what === 'Pull-request comment' && !this.github?.context.pullRequest;
    const message = `${what} skipped: ${result.reason ?? 'unknown reason'}`;
    if (notPullRequest) core.info(message);
    else core.warning(message);
  }

  /** Reports the record as it is now; called at each phase and at the end. */
  async progress(record: DeploymentRecordFile): Promise<void> {
    if (!this.github) return;
    try {
      if (this.options.githubDeployment) {
        this.note('GitHub deployment', await this.github.deployments.report(record));
      }
      if (this.options.commentOnPr) {
        const { runUrl, sha } = this.github.context;
        const body = renderPullRequestComment(record, {
          ...(runUrl ? { runUrl } : {}),
          ...(sha ? { sha } : {}),
        });
        this.note('Pull-request comment', await this.github.commenter.upsert(body));
      }
    } catch (error) {
      core.warning(`Reporting to GitHub failed: ${(error as Error).message}`);
    }
  }

  /** The final report; returns the job summary's markdown, which the artifact keeps too. */
  async finish(record: DeploymentRecordFile, recordFile: string): Promise<string> {
    await this.progress(record);
    for (const annotation of annotationsFor(record)) {
      core[annotation.level](annotation.message, { title: annotation.title });
    }
    const runUrl = this.github?.context.runUrl;
    const summary = renderJobSummary(record, { recordFile, ...(runUrl ? { runUrl } : {}) });
    if (this.options.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(summary).write();
    return summary;
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

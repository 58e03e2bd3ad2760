/**
 * One pull-request comment per environment: found by its hidden marker over every page of the
 * pull request's comments, created once, then updated at each phase. Never throws: outside a pull
 * request or without permission it answers `skipped` with the reason, and the run goes on.
 */
import { COMMENT_LIMIT_CHARACTERS, characters, hardCut } from '../summary/fit-to-limit.js';
import { commentMarker } from '../summary/pull-request-comment.js';
import { GitHubApiError, type GitHubApi } from './api.js';
import type { PullRequestTarget } from './context.js';

export type CommentResult =
  | {
      readonly action: 'created' | 'updated';
      readonly commentId: number;
      readonly url?: string;
    }
  | {
      readonly action: 'skipped';
      readonly reason: string;
      /** The HTTP status that made it skip, if any. */
      readonly status?: number;
      /** The same reason was already returned by an earlier call; no need to warn again. */
      readonly repeated?: boolean;
    };

interface IssueComment {
  readonly id: number;
  readonly body?: string | null;
  readonly html_url?: string;
}

export interface PullRequestCommenterOptions {
  readonly api: GitHubApi;
  /** Null outside a pull request. */
  readonly pullRequest: PullRequestTarget | null;
  readonly environment: string;
  /** Why there is no pull request, for the skipped result. */
  readonly notPullRequestReason?: string | null;
}

function isOurs(comment: IssueComment, marker: string): boolean {
  return (comment.body ?? '').trimStart().startsWith(marker);
}

export class PullRequestCommenter {
  readonly marker: string;
  private commentId: number | null = null;
  private skipped: { reason: string; status?: number } | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: PullRequestCommenterOptions) {
    this.marker = commentMarker(options.environment);
  }

  /**
   * Creates the comment or updates the one found. Calls are serialized: two phases reported at
   * once still make one comment.
   */
  upsert(body: string): Promise<CommentResult> {
    const next = this.queue.then(() => this.upsertNow(body));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async upsertNow(rawBody: string): Promise<CommentResult> {
    if (this.skipped) return { action: 'skipped', ...this.skipped, repeated: true };
    const target = this.options.pullRequest;
    if (!target) {
      return this.skip(
        `Not commenting: ${this.options.notPullRequestReason ?? 'this run is not for a pull request'}.`,
      );
    }
    const body = this.withMarker(rawBody);
    try {
      if (this.commentId !== null) {
        const updated = await this.update(target, this.commentId, body);
        if (updated) return updated;
        this.commentId = null; // deleted meanwhile: find again or create
      }
      const found = await this.find(target);
      if (found) {
        this.commentId = found.id;
        const updated = await this.update(target, found.id, body);
        if (updated) return updated;
      }
      const response = await this.options.api.request<IssueComment>(
        'POST',
        `/repos/${target.owner}/${target.repo}/issues/${target.number}/comments`,
        { body: { body } },
      );
      this.commentId = response.data.id;
      return { action: 'created', commentId: response.data.id, ...urlOf(response.data) };
    } catch (error) {
      return this.failed(error, target);
    }
  }

  private withMarker(body: string): string {
    const marked = body.trimStart().startsWith(this.marker) ? body : `${this.marker}\n${body}`;
    return hardCut(
      marked,
      COMMENT_LIMIT_CHARACTERS,
      characters,
      '\n\n_…cut to fit the comment size limit._\n',
    );
  }

  /** The comment, or null when it is gone (404 on the comment itself). */
  private async update(
    target: PullRequestTarget,
    id: number,
    body: string,
  ): Promise<CommentResult | null> {
    try {
      const response = await this.options.api.request<IssueComment>(
        'PATCH',
        `/repos/${target.owner}/${target.repo}/issues/comments/${id}`,
        { body: { body } },
      );
      return { action: 'updated', commentId: id, ...urlOf(response.data) };
    } catch (error) {
      if (error instanceof GitHubApiError && error.status === 404) return null;
      throw error;
    }
  }

  /** The first comment with our marker, reading pages only until it is found. */
  private async find(target: PullRequestTarget): Promise<IssueComment | null> {
    const pages = this.options.api.pages<IssueComment>(
      `/repos/${target.owner}/${target.repo}/issues/${target.number}/comments`,
    );
    for await (const page of pages) {
      const ours = page.find((comment) => isOurs(comment, this.marker));
      if (ours) return ours;
    }
    return null;
  }

  private failed(error: unknown, target: PullRequestTarget): CommentResult {
    const where = `pull request #${target.number} of ${target.owner}/${target.repo}`;
    if (error instanceof GitHubApiError && error.isPermission) {
      return this.skip(
        `Cannot comment on ${where}: ${error.message}. Give the job 'pull-requests: write' ` +
          `(a pull request from a fork gets a read-only token).`,
        error.status,
      );
    }
    const status = error instanceof GitHubApiError ? error.status : undefined;
    // Not remembered: a later phase may get through.
    return {
      action: 'skipped',
      reason: `Could not comment on ${where}: ${(error as Error).message}`,
      ...(status !== undefined ? { status } : {}),
    };
  }

  private skip(reason: string, status?: number): CommentResult {
    this.skipped = status === undefined ? { reason } : { reason, status };
    return { action: 'skipped', ...this.skipped };
  }
}

function urlOf(comment: IssueComment): { url?: string } {
  return typeof comment.html_url === 'string' ? { url: comment.html_url } : {};
}

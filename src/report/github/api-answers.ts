/** Readings of the API's answers: pagination links, retry hints, bodies and messages. */

/** `<https://...&page=2>; rel="next", <...>; rel="last"` → the `next` URL. */
export function nextLink(header: string | null): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(',')) {
    const match = /<([^>]+)>\s*;\s*rel="?([^";]+)"?/.exec(part.trim());
    if (match?.[2]?.split(/\s+/).includes('next')) return match[1];
  }
  return undefined;
}

export function retryAfterMs(headers: Headers, now: number): number | undefined {
  const retryAfter = headers.get('retry-after');
  if (retryAfter !== null) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  if (headers.get('x-ratelimit-remaining') === '0') {
    const reset = Number(headers.get('x-ratelimit-reset'));
    if (Number.isFinite(reset) && reset > 0) return Math.max(0, reset * 1000 - now);
  }
  return undefined;
}

export async function readBody(response: Response): Promise<unknown> {
  if (response.status === 204) return undefined;
  const body = await response.text();
  if (body.length === 0) return undefined;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return body;
  }
}

/** `fetch failed: connect ECONNREFUSED 127.0.0.1:1`, or why the client stopped. */
export function describeNoAnswer(error: unknown, stopper: AbortSignal): string {
  if (stopper.aborted) return `stopped: ${(stopper.reason as Error).message}`;
  const { message, cause } = error as Error;
  const detail = cause instanceof Error ? cause.message : '';
  return detail && !message.includes(detail) ? `${message}: ${detail}` : message;
}

export function messageOf(body: unknown): string {
  if (typeof body === 'string') return body.slice(0, 300);
  if (body && typeof body === 'object' && 'message' in body) {
    const { message } = body;
    if (typeof message === 'string') return message;
  }
  return '';
}

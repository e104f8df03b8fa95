// The Octokit client: retries 5xx and network failures, waits out rate limits within a bound,
// and never lets a request hang past a timeout.
import { Octokit } from "@octokit/rest";
import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import Bottleneck from "bottleneck";
import type { Logger } from "./logger.ts";

const GitHub = Octokit.plugin(retry, throttling);
export type GitHubClient = InstanceType<typeof GitHub>;

export interface ClientOptions {
  token: string;
  baseUrl: string;
  log: Logger;
  /** Per-request timeout (ms). */
  timeoutMs?: number;
  /** Unit of the retry backoff (ms): retries wait 1, 4 and 9 units; rate limits, Retry-After units. */
  retryBaseMs?: number;
  /** Longest rate-limit wait we accept (s); past it the call fails and the run degrades. */
  maxRateLimitWaitS?: number;
}

export function createClient(options: ClientOptions): GitHubClient {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const maxWait = options.maxRateLimitWaitS ?? 60;
  const retryBase = options.retryBaseMs ?? 1000;
  // A hung connection becomes an error after the timeout; plugin-retry then retries it like a 5xx
  // (Octokit reports network failures as status 500).
  const fetchWithTimeout: typeof fetch = (input, init) =>
    fetch(input, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  return new GitHub({
    auth: options.token,
    baseUrl: options.baseUrl,
    userAgent: "gomemcheck",
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
    // Retries (3, for 5xx, 429 and network failures) come from plugin-retry's defaults; setting
    // request.retries here would make it retry every error, 422 included.
    request: { fetch: fetchWithTimeout },
    retry: { retryAfterBaseValue: retryBase },
    throttle: {
      retryAfterBaseValue: retryBase,
      // Writes go one at a time, as GitHub asks; a run makes only a handful (one review, one
      // summary comment, one check run), so the plugin's default 1 s and 3 s spacing would only
      // add seconds. A secondary rate limit is still waited out (onSecondaryRateLimit).
      write: new Bottleneck.Group({ maxConcurrent: 1, minTime: 100 }),
      notifications: new Bottleneck.Group({ maxConcurrent: 1, minTime: 100 }),
      onRateLimit: (retryAfter, req, _o, retryCount) => {
        const ok = retryCount < 2 && retryAfter <= maxWait;
        options.log.info(
          `gomemcheck: rate limited on ${req.method} ${req.url}; ${ok ? `retrying in ${retryAfter}s` : "giving up"}`,
        );
        return ok;
      },
      onSecondaryRateLimit: (retryAfter, req, _o, retryCount) => {
        const ok = retryCount < 2 && retryAfter <= maxWait;
        options.log.info(
          `gomemcheck: secondary rate limit on ${req.method} ${req.url}; ${ok ? `retrying in ${retryAfter}s` : "giving up"}`,
        );
        return ok;
      },
    },
  });
}

/** The HTTP status of an Octokit error, if any. */
export function statusOf(e: unknown): number | undefined {
  const s = (e as { status?: unknown } | null)?.status;
  return typeof s === "number" ? s : undefined;
}

/** What went wrong with a request, in a few words: "HTTP 502", "ECONNRESET", a message. */
export function describeFailure(e: unknown): string {
  const status = statusOf(e);
  if (status !== undefined) return `HTTP ${status}`;
  const cause = (e as { cause?: { code?: string } } | null)?.cause?.code;
  return cause ?? (e instanceof Error ? e.message : String(e));
}

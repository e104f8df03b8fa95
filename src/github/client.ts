// The Octokit client: retries 5xx and network failures, waits out rate limits within a bound,
// and never lets a request hang past a timeout.
import { Octokit } from "@octokit/rest";
import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import type { Logger } from "./logger.ts";

const GitHub = Octokit.plugin(retry, throttling);
export type GitHubClient = InstanceType<typeof GitHub>;

export interface ClientOptions {
  token: string;
  baseUrl: string;
  log: Logger;
  /** Per-request timeout (ms). */
  timeoutMs?: number;
  /** Longest rate-limit wait we accept (s); past it the call fails and the run degrades. */
  maxRateLimitWaitS?: number;
}

const NETWORK_RETRIES = 3;

export function createClient(options: ClientOptions): GitHubClient {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const maxWait = options.maxRateLimitWaitS ?? 60;
  const fetchWithTimeout: typeof fetch = async (input, init) => {
    let lastError: unknown;
    for (let attempt = 0; attempt <= NETWORK_RETRIES; attempt++) {
      try {
        return await fetch(input, { ...init, signal: AbortSignal.timeout(timeoutMs) });
      } catch (e) {
        // Connection resets and timeouts: retry with a short backoff; HTTP errors are not thrown here.
        lastError = e;
        await new Promise((r) => setTimeout(r, 200 * 2 ** attempt));
      }
    }
    throw lastError;
  };
  return new GitHub({
    auth: options.token,
    baseUrl: options.baseUrl,
    userAgent: "gomemcheck",
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
    // Retries (3, for 5xx and 429) come from plugin-retry's defaults; setting request.retries here
    // would make it retry every error, 422 included.
    request: { fetch: fetchWithTimeout },
    throttle: {
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

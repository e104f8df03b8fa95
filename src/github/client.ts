// The Octokit client: @actions/github's getOctokit (the runner's HTTPS_PROXY/NO_PROXY, GitHub
// Enterprise Server through GITHUB_API_URL) with retries of 5xx and network failures, rate
// limits waited out within a bound, and no request left to hang past a timeout.
import { getOctokit } from "@actions/github";
import { defaults } from "@actions/github/lib/utils";
import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import Bottleneck from "bottleneck";
import type { Logger } from "./logger.ts";

export type GitHubClient = ReturnType<typeof getOctokit>;

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

type Fetch = typeof fetch;

export function createClient(options: ClientOptions): GitHubClient {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const maxWait = options.maxRateLimitWaitS ?? 60;
  const retryBase = options.retryBaseMs ?? 1000;
  // @actions/github's fetch goes through the runner's proxy (chosen for GITHUB_API_URL, honouring
  // NO_PROXY). Each attempt gets its own timeout: plugin-retry then retries a hung connection like
  // a 5xx (Octokit reports network failures as status 500).
  const proxyFetch = (defaults.request?.fetch as Fetch | undefined) ?? fetch;
  const fetchWithTimeout: Fetch = (input, init) => {
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    return proxyFetch(input, { ...init, signal });
  };
  return getOctokit(
    options.token,
    {
      baseUrl: options.baseUrl,
      userAgent: "gomemcheck",
      log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
      // Retries (3, for 5xx, 429 and network failures) come from plugin-retry's defaults; setting
      // request.retries here would make it retry every error, 422 included. Writes that are not
      // idempotent pass request.retries 0 and are retried by publish.ts after re-listing.
      request: { fetch: fetchWithTimeout },
      retry: { retryAfterBaseValue: retryBase },
      throttle: {
        retryAfterBaseValue: retryBase,
        // Writes go one at a time, as GitHub asks; a run makes only a handful, so the plugin's
        // default 1 s and 3 s spacing would only add seconds. Secondary limits are waited out.
        write: new Bottleneck.Group({ maxConcurrent: 1, minTime: 100 }),
        notifications: new Bottleneck.Group({ maxConcurrent: 1, minTime: 100 }),
        onRateLimit: (retryAfter: number, req: Req, _o: unknown, retryCount: number) => {
          const ok = retryCount < 2 && retryAfter <= maxWait;
          options.log.info(
            `gomemcheck: rate limited on ${req.method} ${pathOf(req.url)}; ${ok ? `retrying in ${retryAfter}s` : "giving up"}`,
          );
          return ok;
        },
        onSecondaryRateLimit: (retryAfter: number, req: Req, _o: unknown, retryCount: number) => {
          const ok = retryCount < 2 && retryAfter <= maxWait;
          options.log.info(
            `gomemcheck: secondary rate limit on ${req.method} ${pathOf(req.url)}; ${ok ? `retrying in ${retryAfter}s` : "giving up"}`,
          );
          return ok;
        },
      },
    },
    retry,
    throttling,
  );
}

type Req = { method: string; url: string };

/** The path of a request URL, without its query (which may carry anything). */
function pathOf(url: string): string {
  return url.split("?")[0]!;
}

/** The HTTP status of an Octokit error, if any. */
export function statusOf(e: unknown): number | undefined {
  const s = (e as { status?: unknown } | null)?.status;
  return typeof s === "number" ? s : undefined;
}

/** A 403 or 429 that is a rate limit (primary: remaining 0; secondary: retry-after or its text). */
export function isRateLimit(e: unknown): boolean {
  const status = statusOf(e);
  if (status !== 403 && status !== 429) return false;
  if (status === 429) return true;
  const response = (
    e as { response?: { headers?: Record<string, unknown>; data?: unknown } } | null
  )?.response;
  const headers = response?.headers ?? {};
  if (headers["x-ratelimit-remaining"] === "0" || headers["retry-after"] !== undefined) return true;
  const message = (response?.data as { message?: unknown } | undefined)?.message;
  return typeof message === "string" && /rate limit/i.test(message);
}

/** What went wrong with a request, in a few words: "HTTP 502", "ECONNRESET", a message. */
export function describeFailure(e: unknown): string {
  const status = statusOf(e);
  if (status !== undefined)
    return isRateLimit(e) ? `HTTP ${status}, rate limited` : `HTTP ${status}`;
  const cause = (e as { cause?: { code?: string } } | null)?.cause?.code;
  return capText(cause ?? (e instanceof Error ? e.message : String(e)));
}

/** At most ~1 KB of one line of text from outside (an API answer), control characters removed. */
export function capText(text: string, max = 1000): string {
  const clean = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, " ");
  return clean.length > max
    ? `${clean.slice(0, max)}… (${clean.length - max} more characters)`
    : clean;
}

/** Attempts of a write that is not idempotent (each after re-listing finds nothing). */
const WRITE_ATTEMPTS = 4;

/** A failure after which the write may have been stored: a 5xx or no answer at all. */
function maybeStored(e: unknown): boolean {
  const status = statusOf(e);
  return status === undefined || status >= 500;
}

/**
 * A write that is not idempotent: tried without the client's retries; after a failure that may
 * have stored it, `find` re-lists and only when it finds nothing is the write tried again.
 */
export async function writeOnce<T>(
  write: () => Promise<T>,
  find: () => Promise<T | undefined>,
  retryBaseMs: number,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (e) {
      if (!maybeStored(e) || attempt >= WRITE_ATTEMPTS) throw e;
      await new Promise((r) => setTimeout(r, retryBaseMs * attempt * attempt));
      let found: T | undefined;
      try {
        found = await find();
      } catch {
        throw e; // without a fresh list, another attempt could post it twice
      }
      if (found !== undefined) return found;
    }
  }
}

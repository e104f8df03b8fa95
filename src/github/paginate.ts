// Listing with bounds: a page cap, a stop on an empty page or a link seen before, and never a
// request to another origin (the token goes with every request).
import type { GitHubClient } from "./client.ts";

export interface Listing<T> {
  items: T[];
  /** Why the listing stopped before GitHub said it was done (a page cap, a foreign link). */
  stopped?: string;
}

/** The URL of rel="next" in a Link header. */
export function nextLink(link: string | undefined): string | undefined {
  for (const part of (link ?? "").split(",")) {
    const m = /^\s*<([^>]*)>\s*;(.*)$/.exec(part);
    if (m && /\brel="?next"?/.test(m[2]!)) return m[1];
  }
  return undefined;
}

export async function listAll<T>(
  client: GitHubClient,
  route: string,
  params: Record<string, string | number>,
  maxPages: number,
): Promise<Listing<T>> {
  const base = new URL(client.request.endpoint.DEFAULTS.baseUrl);
  const items: T[] = [];
  const seen = new Set<string>();
  let url: string | undefined;
  for (let page = 1; ; page++) {
    const response = url
      ? await client.request({ method: "GET", url })
      : await client.request(route, { ...params, per_page: 100 });
    const data: unknown = response.data;
    if (!Array.isArray(data)) {
      throw Object.assign(new Error(`${route}: the answer is not a list`), { status: 502 });
    }
    if (data.length === 0) return { items };
    items.push(...(data as T[]));
    const next = nextLink(response.headers.link);
    if (!next) return { items };
    let target: URL;
    try {
      target = new URL(next, base);
    } catch {
      return { items, stopped: "the next page's link is not a URL" };
    }
    if (target.origin !== base.origin)
      return { items, stopped: `the next page's link leads to another origin (${target.origin})` };
    if (seen.has(target.href)) return { items };
    if (page >= maxPages) return { items, stopped: `stopped after ${maxPages} pages` };
    seen.add(target.href);
    url = target.href;
  }
}

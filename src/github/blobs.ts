// Head versions of changed files from the API, several at a time: with one request at a time, a
// pull request of many files waits for each in turn, and a hanging fetch costs one timeout per file.
import { blobId, MAX_FILE_BYTES } from "../sources/repo-files.ts";
import { decodeText, tooLarge, type ReadOutcome } from "../sources/workspace.ts";
import { describeFailure, type GitHubClient } from "./client.ts";
import type { PullRequestContext } from "./review.ts";

/** Blob fetches at once (each request has the client's own timeout). */
export const BLOB_CONCURRENCY = 8;

export interface HeadFetcher {
  /** Starts fetching a file's head version now, in the background (within the bound). */
  prefetch(path: string, sha: string): void;
  /** The head version: the prefetched one, or fetched now. */
  get(path: string, sha: string): Promise<ReadOutcome>;
}

export function headFetcher(
  client: GitHubClient,
  pr: Pick<PullRequestContext, "owner" | "repo">,
  limit = BLOB_CONCURRENCY,
): HeadFetcher {
  let active = 0;
  const waiting: (() => void)[] = [];
  const started = new Map<string, Promise<ReadOutcome>>();
  const fetchOne = async (path: string, sha: string): Promise<ReadOutcome> => {
    while (active >= limit) await new Promise<void>((r) => waiting.push(r));
    active++;
    try {
      const blob = await client.rest.git.getBlob({ owner: pr.owner, repo: pr.repo, file_sha: sha });
      const data: unknown = blob.data;
      const { content, size } = (data ?? {}) as { content?: unknown; size?: unknown };
      if (typeof content !== "string") throw new Error("the answer is not a blob");
      if (typeof size === "number" && size > MAX_FILE_BYTES) return tooLarge(path, size);
      const bytes = Buffer.from(content, "base64");
      if (bytes.length > MAX_FILE_BYTES) return tooLarge(path, bytes.length);
      // Only the version the pull request names is analysed, whatever the answer says.
      if (blobId(bytes) !== sha) throw new Error("the blob's content does not match its id");
      return decodeText(path, bytes);
    } catch (e) {
      return {
        ok: false,
        error: {
          file: path,
          message: `cannot fetch the head version from GitHub (${describeFailure(e)})`,
        },
      };
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
  const key = (path: string, sha: string) => `${sha}\0${path}`;
  return {
    prefetch(path, sha) {
      if (!started.has(key(path, sha))) started.set(key(path, sha), fetchOne(path, sha));
    },
    get(path, sha) {
      return started.get(key(path, sha)) ?? fetchOne(path, sha);
    },
  };
}

// Links into the repository on GitHub.

/** Links to the exact line at the commit being checked. */
export function blobLink(
  env: NodeJS.ProcessEnv,
  sha: string | undefined,
): ((file: string, line: number) => string) | undefined {
  const server = env.GITHUB_SERVER_URL ?? "https://github.com";
  const repo = env.GITHUB_REPOSITORY;
  if (!repo || !sha) return undefined;
  return (file, line) =>
    `${server}/${repo}/blob/${sha}/${file.split("/").map(segment).join("/")}#L${line}`;
}

/** A path segment for a Markdown link target: parentheses too, which would end the link. */
function segment(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

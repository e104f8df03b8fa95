// What every analyzer receives. Analyzers are pure: text in, findings and errors out.

/** A file as the analyzers see it: repository-relative path with forward slashes, and its text. */
export interface RepoFile {
  path: string;
  text: string;
}

/** The non-Go inputs of the container-memory rules: small files, all of them read in every mode. */
export interface BuildInputs {
  goMods: RepoFile[];
  dockerfiles: RepoFile[];
  workflows: RepoFile[];
  /** .go-version and .tool-versions files. */
  versionFiles: RepoFile[];
}

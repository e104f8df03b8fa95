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
  /** Where binaries run: Kubernetes/Helm YAML, Compose, *.service, *.sh, env files, Makefiles. */
  runFiles?: RepoFile[];
  /** Paths (no text) of the repository's Go files: main package folders name binaries. */
  goPaths?: string[];
}

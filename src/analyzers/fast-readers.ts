// GOMEMCHECK_FAST_READERS=off reads every YAML file and Dockerfile with the libraries (yaml,
// dockerfile-ast) instead of the fast readers in front of them: CI compares the two outputs.
export function fastReadersEnabled(): boolean {
  return process.env.GOMEMCHECK_FAST_READERS !== "off";
}

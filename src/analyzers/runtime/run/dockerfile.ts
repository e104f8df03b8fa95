// The Dockerfile side of a run site: the GODEBUG the image's final stage (or a --target stage) gives
// the process, which Kubernetes and Compose replace and a launch script inherits.
import {
  rootBase,
  runtimeEnv,
  type CommandEnv,
  type DockerfileModel,
  type EnvAssignment,
  type Stage,
  type StageBase,
} from "../../dockerfile.ts";

export type RuntimeGoDebug = ReturnType<typeof runtimeEnv> extends Map<string, infer V> ? V : never;

/**
 * GODEBUG as the running binary sees it. `env GODEBUG=… /app` (or a shell-form prefix) needs
 * `env` (or /bin/sh) in the image: in scratch or distroless the container does not start, so
 * such a setting counts for nothing and is returned apart, as the wrapper.
 */
export function usableGoDebug(
  df: DockerfileModel,
  stage: Stage,
): {
  gd: RuntimeGoDebug | undefined;
  wrapper: { command: CommandEnv; tool: string; image: string } | undefined;
} {
  const gd = runtimeEnv(df, stage).get("GODEBUG");
  if (!gd || isEnvAssignment(gd.assignment)) return { gd, wrapper: undefined };
  const command = gd.assignment;
  const image = imageWithoutShell(rootBase(df, stage));
  if (!image) return { gd, wrapper: undefined };
  const tool = command.exec
    ? "`env`"
    : command.shell
      ? `\`${command.shell} -c\``
      : "the shell form's `/bin/sh`";
  const envs = gd.history.filter(isEnvAssignment);
  const last = envs.at(-1);
  return {
    gd: last ? { value: last.value, assignment: last, history: envs } : undefined,
    wrapper: { command, tool, image },
  };
}

/** Images with neither `env` nor `/bin/sh`: scratch, distroless (but its :debug tags), Chainguard static. */
function imageWithoutShell(base: StageBase): string | undefined {
  if (base.kind === "scratch") return "scratch";
  if (base.kind !== "image") return undefined;
  const { registry, path, tag, ref } = base.image;
  const distroless =
    registry === "gcr.io" && path.startsWith("distroless/") && !(tag ?? "").includes("debug");
  const chainguardStatic = registry === "cgr.dev" && path === "chainguard/static";
  return distroless || chainguardStatic ? ref : undefined;
}

export function isEnvAssignment(a: EnvAssignment | CommandEnv): a is EnvAssignment {
  return "legacy" in a;
}

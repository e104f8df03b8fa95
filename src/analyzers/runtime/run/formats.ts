// The run-site formats. A new format is one module producing RunSite values plus one line here.
import type { AnalysisError } from "../../../findings.ts";
import type { RepoFile } from "../../analyzer.ts";
import type { DockerfileModel } from "../../dockerfile.ts";
import { compose } from "./compose.ts";
import { helm } from "./helm.ts";
import { kubernetes } from "./kubernetes.ts";
import { script } from "./script.ts";
import type { RunContext, RunFormatReader, RunSite } from "./site.ts";
import { systemd } from "./systemd.ts";

export const RUN_FORMATS: readonly RunFormatReader[] = [kubernetes, helm, compose, systemd, script];

/** Reads every run site of the repository; a format that throws on a file becomes an error entry. */
export function readRunSites(
  files: RepoFile[],
  dockerfiles: DockerfileModel[],
): { sites: RunSite[]; errors: AnalysisError[] } {
  const ctx: RunContext = {
    files,
    dockerfiles,
    byPath: new Map(files.map((f) => [f.path, f])),
    cache: new Map(),
  };
  const sites: RunSite[] = [];
  const errors: AnalysisError[] = [];
  for (const file of files) {
    for (const format of RUN_FORMATS) {
      if (!format.accepts(file)) continue;
      try {
        const r = format.read(file, ctx);
        sites.push(...r.sites);
        errors.push(...r.errors);
      } catch (e) {
        errors.push({
          file: file.path,
          message: `cannot read as ${format.format}: ${e instanceof Error ? e.message : String(e)}`,
        });
      }
    }
  }
  return { sites, errors };
}

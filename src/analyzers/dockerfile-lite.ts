import type { DfDocument } from "./dockerfile-view.ts";
export function tokenizeDockerfile(_text: string): DfDocument | undefined {
  return undefined;
}

// V8 grows its young generation to 3 × 16 MB under the allocation rate of a full audit (every
// file read and screened): kept at 4 MB semi-spaces, peak RSS is 20–25 MB lower for no
// measurable CPU (benchmarked on the generated corpus and Go's src tree).
import { setFlagsFromString } from "node:v8";

export function limitYoungGeneration(): void {
  setFlagsFromString("--max-semi-space-size=4");
  // Set after start-up, the cap alone does not hold: the semi-spaces must not grow either.
  setFlagsFromString("--semi-space-growth-factor=1");
}

// The defers of one loop are one problem: one inline comment, on the first, carries the others.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeDeferInLoop } from "../src/analyzers/defer/defer-in-loop.ts";
import type { PlacedFinding } from "../src/filter.ts";
import { inlineComment } from "../src/github/publish.ts";
import { loadGoParser } from "../src/parse/go-parser.ts";
import type { RunResult } from "../src/run.ts";

const TEXT = `package p

import (
	"context"
	"os"
	"time"
)

func use(context.Context, string) {}

func f(parent context.Context, names []string) {
	for _, name := range names {
		ctx, cancel := context.WithTimeout(parent, time.Second)
		defer cancel()
		file, err := os.Open(name)
		if err != nil {
			continue
		}
		defer file.Close()
		if _, err := file.Stat(); err == nil {
			use(ctx, name)
		}
	}
}
`;

describe("one review comment per loop", () => {
  it("the first defer's comment carries the fix and the loop's other defers", async () => {
    const { findings } = analyzeDeferInLoop({ path: "p.go", text: TEXT }, await loadGoParser());
    assert.deepEqual(
      findings.map((f) => [f.line, f.group, f.fixes.length]),
      [
        [14, "defer-in-loop:p.go:12", 1],
        [19, "defer-in-loop:p.go:12", 0],
      ],
    );
    const hunk = { oldStart: 1, oldLines: 0, newStart: 1, newLines: 24 };
    const [first, second] = findings.map((finding): PlacedFinding => ({
      finding,
      fingerprint: `fp${finding.line}`,
      placement: "inline",
      hunk,
    }));
    const result = { sourceLines: () => TEXT.split("\n") } as unknown as RunResult;
    const comment = inlineComment(first!, "", result, hunk, "gomemcheck", true, [second!]);
    assert.match(comment.body, /\*\*Fix:\*\* Wrap the loop body/);
    assert.match(
      comment.body,
      /\*\*Same loop:\*\*\n- p\.go:19: .* `file\.Close\(\)` deferred in a loop/,
    );
    assert.match(comment.body, /The fix on line 14 wraps the loop body for all 2 defers\./);
  });

  it("a fix that is not proven safe is a diff with what to check, never a suggestion", async () => {
    const text = TEXT.replace("use(ctx, name)", "use(ctx, name)\n\t\t\tkeep(file)").replace(
      "func use(",
      "func keep(*os.File) {}\n\nfunc use(",
    );
    const { findings } = analyzeDeferInLoop({ path: "p.go", text }, await loadGoParser());
    const fix = findings[0]?.fixes[0];
    assert.equal(fix?.safe, false);
    assert.match(
      fix?.description ?? "",
      /; check that `keep` \(line \d+\) does not keep `file` after the iteration$/,
    );
    const hunk = { oldStart: 1, oldLines: 0, newStart: 1, newLines: 40 };
    const placed: PlacedFinding = {
      finding: findings[0]!,
      fingerprint: "fp",
      placement: "inline",
      hunk,
    };
    const result = { sourceLines: () => text.split("\n") } as unknown as RunResult;
    const body = inlineComment(placed, "", result, hunk, "gomemcheck").body;
    assert.doesNotMatch(body, /```suggestion/);
    assert.match(body, /```diff/);
  });
});

import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  atoi32,
  parseGoDebug,
  rewriteWithMadvDontNeed,
  setsMadvDontNeed,
} from "../src/analyzers/godebug.ts";

test("the runtime's table of GODEBUG values (facts file section b)", () => {
  const cases: [string, number | undefined][] = [
    ["madvdontneed=0", 0],
    ["gctrace=0,madvdontneed=0", 0],
    ["madvdontneed=0,madvdontneed=1", 1],
    ["madvdontneed=1,madvdontneed=0", 0],
    ["gctrace=0, madvdontneed=0", undefined],
    [" madvdontneed=0", undefined],
    ["madvdontneed=0 ", undefined],
    ["MADVDONTNEED=0", undefined],
    ["madvdontneed=false", undefined],
    ["madvdontneed=+0", undefined],
    ["madvdontneed=0=1", undefined],
    ['"madvdontneed=0"', undefined],
    ["madvdontneed = 0", undefined],
    ["madvdontneed=0 gctrace=0", undefined],
    ["madvdontneed=0;gctrace=0", undefined],
    ["madvdontneed=00", 0],
    ["madvdontneed=2", 2],
    ["madvdontneed=-1", -1],
    ["madvdontneed=0,", 0],
    [",madvdontneed=0", 0],
    ["madvdontneed=1,madvdontneed=true", 1],
    ["madvdontneed=99999999999", undefined],
    ["", undefined],
  ];
  for (const [value, want] of cases)
    assert.equal(parseGoDebug(value).madvdontneed, want, JSON.stringify(value));
});

test("atoi32 as runtime/string.go", () => {
  assert.equal(atoi32("0"), 0);
  assert.equal(atoi32("-"), 0, "a lone minus parses as 0, as in the runtime");
  assert.equal(atoi32(""), undefined);
  assert.equal(atoi32("+1"), undefined);
  assert.equal(atoi32("2147483647"), 2147483647);
  assert.equal(atoi32("2147483648"), undefined);
  assert.equal(atoi32("-2147483648"), -2147483648);
  assert.equal(atoi32("1 "), undefined);
});

test("ignored forms are classified", () => {
  const reason = (v: string): string | undefined => parseGoDebug(v).ignored[0]?.reason;
  assert.equal(reason("gctrace=1, madvdontneed=1"), "space");
  assert.equal(reason("madvdontneed = 1"), "space");
  assert.equal(reason("MADVDONTNEED=1"), "case");
  assert.equal(reason("madvdontneed=1 gctrace=1"), "space-separated");
  assert.equal(reason('"madvdontneed=1"'), "quotes");
  assert.equal(reason("madvdontneed=true"), "not-integer");
  assert.equal(reason("madvdontneed=1;gctrace=1"), "not-integer");
  assert.equal(reason("gctrace=1"), undefined);
  assert.equal(reason("madvdontneed=1"), undefined);
});

test("setsMadvDontNeed needs a non-zero integer as the last valid field", () => {
  assert.ok(setsMadvDontNeed("madvdontneed=1"));
  assert.ok(setsMadvDontNeed("x=1,madvdontneed=2"));
  assert.ok(!setsMadvDontNeed("madvdontneed=0"));
  assert.ok(!setsMadvDontNeed("x=1, madvdontneed=1"));
});

test("rewrite keeps other settings and references", () => {
  assert.equal(rewriteWithMadvDontNeed("gctrace=1"), "gctrace=1,madvdontneed=1");
  assert.equal(rewriteWithMadvDontNeed("gctrace=0, madvdontneed=1"), "gctrace=0,madvdontneed=1");
  assert.equal(rewriteWithMadvDontNeed("madvdontneed=1 gctrace=1"), "madvdontneed=1,gctrace=1");
  assert.equal(rewriteWithMadvDontNeed('"madvdontneed=true"'), "madvdontneed=1");
  assert.equal(rewriteWithMadvDontNeed("madvdontneed=0"), "madvdontneed=1");
  assert.equal(rewriteWithMadvDontNeed("${GODEBUG},x=1"), "${GODEBUG},x=1,madvdontneed=1");
  assert.equal(rewriteWithMadvDontNeed(""), "madvdontneed=1");
  for (const v of [
    "gctrace=0, madvdontneed=1",
    "MADVDONTNEED=1",
    "madvdontneed=1 a=1",
    "a=1;madvdontneed=0",
  ]) {
    assert.ok(setsMadvDontNeed(rewriteWithMadvDontNeed(v)), v);
  }
});

test("property: the GODEBUG parser never throws and agrees with a reference split", () => {
  fc.assert(
    fc.property(fc.string({ unit: "grapheme-ascii" }), (s) => {
      const p = parseGoDebug(s);
      assert.equal(p.fields.map((f) => f.text).join(","), s);
      assert.ok(setsMadvDontNeed(rewriteWithMadvDontNeed(s)));
    }),
    { numRuns: 500 },
  );
  fc.assert(
    fc.property(
      fc.array(
        fc.constantFrom(
          "madvdontneed=1",
          "madvdontneed=0",
          " madvdontneed=0",
          "x=1",
          "",
          "madvdontneed=z",
        ),
      ),
      (parts) => {
        const valid = parts.filter((p) => p === "madvdontneed=1" || p === "madvdontneed=0");
        const want = valid.length ? Number(valid[valid.length - 1]!.slice(-1)) : undefined;
        assert.equal(parseGoDebug(parts.join(",")).madvdontneed, want);
      },
    ),
  );
});

import { test } from "node:test";
import assert from "node:assert/strict";
import {
  compareGoVersions,
  endOfSupport,
  isUnsupported,
  latestRelease,
  parseDockerGoTag,
  parseGoModVersion,
  parseLooseGoVersion,
  parseSetupGoSpec,
  parseToolchainVersion,
  releasesMadvFree,
  RELEASES,
  toSemver,
  type GoVersion,
} from "../src/analyzers/go-version.ts";

function v(s: string): GoVersion {
  const parsed = parseGoModVersion(s);
  assert.ok(parsed, `parses ${s}`);
  return parsed;
}

test("go.mod version grammar follows x/mod GoVersionRE", () => {
  for (const ok of [
    "1.13",
    "1.21",
    "1.21.0",
    "1.21rc1",
    "1.22.3",
    "1.21.0rc1",
    "1.19beta1",
    "1.9",
    "1.100",
  ]) {
    assert.ok(parseGoModVersion(ok), ok);
  }
  for (const bad of ["1", "1.21.x", "v1.21", "go1.21", "01.2", "1.02", "1.21-rc1", " 1.21", ""]) {
    assert.equal(parseGoModVersion(bad), undefined, bad);
  }
});

test("Go ordering: 1.21 < 1.21rc1 < 1.21.0 < 1.21.1, beta < rc", () => {
  const order = ["1.20.14", "1.21", "1.21beta1", "1.21rc1", "1.21rc2", "1.21.0", "1.21.1", "1.22"];
  for (let i = 0; i + 1 < order.length; i++) {
    assert.equal(
      compareGoVersions(v(order[i]!), v(order[i + 1]!)),
      -1,
      `${order[i]} < ${order[i + 1]}`,
    );
  }
  assert.equal(compareGoVersions(v("1.21.0"), v("1.21.0")), 0);
  assert.equal(toSemver(v("1.21rc1")), "1.21.0-rc.1");
  assert.equal(toSemver(v("1.14")), "1.14.0-0");
});

test("MADV_FREE series: 1.12 <= series < 1.16, pre-releases by series", () => {
  for (const s of ["1.12", "1.12rc1", "1.12.0", "1.13.15", "1.14", "1.15.15", "1.15beta1"])
    assert.ok(releasesMadvFree(v(s)), s);
  for (const s of ["1.11", "1.11.13", "1.16", "1.16beta1", "1.16rc1", "1.21", "1.9"])
    assert.ok(!releasesMadvFree(v(s)), s);
});

test("toolchain names", () => {
  assert.equal(parseToolchainVersion("go1.21.3")?.raw, "1.21.3");
  assert.equal(parseToolchainVersion("go1.21rc1")?.pre?.kind, "rc");
  assert.equal(parseToolchainVersion("go1.22.0-custom")?.minor, 22);
  assert.equal(parseToolchainVersion("default"), undefined);
  assert.equal(parseToolchainVersion("1.21.3"), undefined);
});

test("docker golang tags", () => {
  const t = parseDockerGoTag("1.14.2-alpine3.11");
  assert.equal(t.spec.kind, "version");
  assert.equal(t.spec.kind === "version" && t.spec.version.raw, "1.14.2");
  assert.equal(t.variant, "alpine3.11");
  assert.equal(parseDockerGoTag("1.14-buster").spec.kind, "version");
  for (const current of ["latest", "alpine", "bookworm", "1", "1-alpine", undefined]) {
    assert.equal(parseDockerGoTag(current).spec.kind, "current", String(current));
  }
  assert.equal(parseDockerGoTag(undefined, true).spec.kind, "unknown");
  const rc = parseDockerGoTag("1.27rc2-bookworm").spec;
  assert.ok(rc.kind === "version" && rc.version.pre?.kind === "rc" && rc.version.pre.n === 2);
  assert.ok(parseDockerGoTag("1.15-windowsservercore-ltsc2019").windows);
  assert.ok(parseDockerGoTag("nanoserver-1809").windows);
  assert.ok(!parseDockerGoTag("1.15-alpine").windows);
});

test("setup-go specs resolve like setup-go does", () => {
  const series = (s: string): string | undefined => {
    const r = parseSetupGoSpec(s);
    return r.kind === "version" ? `${r.version.major}.${r.version.minor}` : r.kind;
  };
  assert.equal(series("1.14"), "1.14");
  assert.equal(series("1.14.x"), "1.14");
  assert.equal(series("1.14.2"), "1.14");
  assert.equal(series("~1.14"), "1.14");
  assert.equal(series("1.20"), "1.20");
  assert.equal(series("go1.21.3"), "1.21");
  assert.equal(series("1.21.0-rc.1"), "1.21");
  assert.equal(series("^1.14"), "current");
  assert.equal(series(">=1.20"), "current");
  assert.equal(series("stable"), "current");
  assert.equal(series("oldstable"), "current");
  assert.equal(series("${{ matrix.go }}"), "unknown");
  assert.equal(series("banana"), "unknown");
});

test("release table and end of support", () => {
  assert.ok(RELEASES.length >= 17);
  assert.equal(endOfSupport(v("1.14"))?.toISOString().slice(0, 10), "2021-02-16");
  assert.equal(endOfSupport(v("1.26")), null);
  assert.ok(endOfSupport(v("1.9")));
  const today = new Date("2026-09-01T00:00:00Z");
  assert.ok(isUnsupported(v("1.25.3"), today));
  assert.ok(!isUnsupported(v("1.26"), today));
  assert.ok(!isUnsupported(v("1.30"), today), "unknown future releases count as supported");
  assert.ok(!isUnsupported(v("1.24"), new Date("2026-02-09T00:00:00Z")));
  assert.ok(isUnsupported(v("1.24"), new Date("2026-02-10T00:00:00Z")));
  assert.equal(latestRelease(today).version, "1.27");
  assert.equal(latestRelease(new Date("2026-03-01T00:00:00Z")).version, "1.26");
  for (const r of RELEASES) assert.match(r.released, /^\d{4}-\d\d-\d\d$/);
});

test("loose versions from .go-version and .tool-versions", () => {
  assert.equal(parseLooseGoVersion("1.14.15")?.patch, 15);
  assert.equal(parseLooseGoVersion("go1.14")?.minor, 14);
  assert.equal(parseLooseGoVersion("abc"), undefined);
});

import { createRequire as __gmcCreateRequire } from "node:module"; const require = __gmcCreateRequire(import.meta.url);
import {
  snippet
} from "./chunk-BCGB5SGC.js";
import {
  GODEBUG_INVALID_TAIL,
  IGNORED_TEXT,
  MADV_EXPLANATION,
  analyzeGoDebugDirective,
  dedupe,
  deleteLine,
  finding,
  mayHaveGoDebugDirective
} from "./chunk-GK3GWJSX.js";
import {
  LineIndex,
  lineEnding,
  utf8Length
} from "./chunk-52F24W3R.js";
import {
  Pair,
  Scalar,
  YAMLMap,
  YAMLSeq,
  isMap,
  isPair,
  isScalar,
  isSeq,
  parseAllDocuments,
  parseDocument
} from "./chunk-B5LVH4X7.js";
import {
  compareErrors,
  compareFindings
} from "./chunk-BKUHNWMH.js";
import {
  __commonJS,
  __toESM
} from "./chunk-RCRA6UKK.js";

// node_modules/semver/internal/lrucache.js
var require_lrucache = __commonJS({
  "node_modules/semver/internal/lrucache.js"(exports, module) {
    "use strict";
    var LRUCache = class {
      constructor() {
        this.max = 1e3;
        this.map = /* @__PURE__ */ new Map();
      }
      get(key) {
        const value = this.map.get(key);
        if (value === void 0) {
          return void 0;
        } else {
          this.map.delete(key);
          this.map.set(key, value);
          return value;
        }
      }
      delete(key) {
        return this.map.delete(key);
      }
      set(key, value) {
        const deleted = this.delete(key);
        if (!deleted && value !== void 0) {
          if (this.map.size >= this.max) {
            const firstKey = this.map.keys().next().value;
            this.delete(firstKey);
          }
          this.map.set(key, value);
        }
        return this;
      }
    };
    module.exports = LRUCache;
  }
});

// node_modules/semver/internal/parse-options.js
var require_parse_options = __commonJS({
  "node_modules/semver/internal/parse-options.js"(exports, module) {
    "use strict";
    var looseOption = Object.freeze({ loose: true });
    var emptyOpts = Object.freeze({});
    var parseOptions = (options) => {
      if (!options) {
        return emptyOpts;
      }
      if (typeof options !== "object") {
        return looseOption;
      }
      return options;
    };
    module.exports = parseOptions;
  }
});

// node_modules/semver/internal/constants.js
var require_constants = __commonJS({
  "node_modules/semver/internal/constants.js"(exports, module) {
    "use strict";
    var SEMVER_SPEC_VERSION = "2.0.0";
    var MAX_LENGTH = 256;
    var MAX_SAFE_INTEGER = Number.MAX_SAFE_INTEGER || /* istanbul ignore next */
    9007199254740991;
    var MAX_SAFE_COMPONENT_LENGTH = 16;
    var MAX_SAFE_BUILD_LENGTH = MAX_LENGTH - 6;
    var WHITESPACE_CHARACTERS = [
      "	",
      "\n",
      "\v",
      "\f",
      "\r",
      " ",
      "\xA0",
      "\u1680",
      "\u2000",
      "\u2001",
      "\u2002",
      "\u2003",
      "\u2004",
      "\u2005",
      "\u2006",
      "\u2007",
      "\u2008",
      "\u2009",
      "\u200A",
      "\u2028",
      "\u2029",
      "\u202F",
      "\u205F",
      "\u3000",
      "\uFEFF"
    ];
    var RELEASE_TYPES = [
      "major",
      "premajor",
      "minor",
      "preminor",
      "patch",
      "prepatch",
      "prerelease"
    ];
    module.exports = {
      MAX_LENGTH,
      MAX_SAFE_COMPONENT_LENGTH,
      MAX_SAFE_BUILD_LENGTH,
      MAX_SAFE_INTEGER,
      WHITESPACE_CHARACTERS,
      RELEASE_TYPES,
      SEMVER_SPEC_VERSION,
      FLAG_INCLUDE_PRERELEASE: 1,
      FLAG_LOOSE: 2
    };
  }
});

// node_modules/semver/internal/debug.js
var require_debug = __commonJS({
  "node_modules/semver/internal/debug.js"(exports, module) {
    "use strict";
    var debug = typeof process === "object" && process.env && process.env.NODE_DEBUG && /\bsemver\b/i.test(process.env.NODE_DEBUG) ? (...args) => console.error("SEMVER", ...args) : () => {
    };
    module.exports = debug;
  }
});

// node_modules/semver/internal/re.js
var require_re = __commonJS({
  "node_modules/semver/internal/re.js"(exports, module) {
    "use strict";
    var {
      MAX_SAFE_COMPONENT_LENGTH,
      MAX_SAFE_BUILD_LENGTH,
      MAX_LENGTH
    } = require_constants();
    var debug = require_debug();
    exports = module.exports = {};
    var re = exports.re = [];
    var safeRe = exports.safeRe = [];
    var src = exports.src = [];
    var safeSrc = exports.safeSrc = [];
    var t = exports.t = {};
    var R = 0;
    var LETTERDASHNUMBER = "[a-zA-Z0-9-]";
    var safeRegexReplacements = [
      ["\\s", 1],
      ["\\d", MAX_LENGTH],
      [LETTERDASHNUMBER, MAX_SAFE_BUILD_LENGTH]
    ];
    var makeSafeRegex = (value) => {
      for (const [token, max] of safeRegexReplacements) {
        value = value.split(`${token}*`).join(`${token}{0,${max}}`).split(`${token}+`).join(`${token}{1,${max}}`);
      }
      return value;
    };
    var createToken = (name, value, isGlobal) => {
      const safe = makeSafeRegex(value);
      const index = R++;
      debug(name, index, value);
      t[name] = index;
      src[index] = value;
      safeSrc[index] = safe;
      re[index] = new RegExp(value, isGlobal ? "g" : void 0);
      safeRe[index] = new RegExp(safe, isGlobal ? "g" : void 0);
    };
    createToken("NUMERICIDENTIFIER", "0|[1-9]\\d*");
    createToken("NUMERICIDENTIFIERLOOSE", "\\d+");
    createToken("NONNUMERICIDENTIFIER", `\\d*[a-zA-Z-]${LETTERDASHNUMBER}*`);
    createToken("MAINVERSION", `(${src[t.NUMERICIDENTIFIER]})\\.(${src[t.NUMERICIDENTIFIER]})\\.(${src[t.NUMERICIDENTIFIER]})`);
    createToken("MAINVERSIONLOOSE", `(${src[t.NUMERICIDENTIFIERLOOSE]})\\.(${src[t.NUMERICIDENTIFIERLOOSE]})\\.(${src[t.NUMERICIDENTIFIERLOOSE]})`);
    createToken("PRERELEASEIDENTIFIER", `(?:${src[t.NONNUMERICIDENTIFIER]}|${src[t.NUMERICIDENTIFIER]})`);
    createToken("PRERELEASEIDENTIFIERLOOSE", `(?:${src[t.NONNUMERICIDENTIFIER]}|${src[t.NUMERICIDENTIFIERLOOSE]})`);
    createToken("PRERELEASE", `(?:-(${src[t.PRERELEASEIDENTIFIER]}(?:\\.${src[t.PRERELEASEIDENTIFIER]})*))`);
    createToken("PRERELEASELOOSE", `(?:-?(${src[t.PRERELEASEIDENTIFIERLOOSE]}(?:\\.${src[t.PRERELEASEIDENTIFIERLOOSE]})*))`);
    createToken("BUILDIDENTIFIER", `${LETTERDASHNUMBER}+`);
    createToken("BUILD", `(?:\\+(${src[t.BUILDIDENTIFIER]}(?:\\.${src[t.BUILDIDENTIFIER]})*))`);
    createToken("FULLPLAIN", `v?${src[t.MAINVERSION]}${src[t.PRERELEASE]}?${src[t.BUILD]}?`);
    createToken("FULL", `^${src[t.FULLPLAIN]}$`);
    createToken("LOOSEPLAIN", `[v=\\s]*${src[t.MAINVERSIONLOOSE]}${src[t.PRERELEASELOOSE]}?${src[t.BUILD]}?`);
    createToken("LOOSE", `^${src[t.LOOSEPLAIN]}$`);
    createToken("GTLT", "((?:<|>)?=?)");
    createToken("XRANGEIDENTIFIERLOOSE", `${src[t.NUMERICIDENTIFIERLOOSE]}|x|X|\\*`);
    createToken("XRANGEIDENTIFIER", `${src[t.NUMERICIDENTIFIER]}|x|X|\\*`);
    createToken("XRANGEPLAIN", `[v=\\s]*(${src[t.XRANGEIDENTIFIER]})(?:\\.(${src[t.XRANGEIDENTIFIER]})(?:\\.(${src[t.XRANGEIDENTIFIER]})(?:${src[t.PRERELEASE]})?${src[t.BUILD]}?)?)?`);
    createToken("XRANGEPLAINLOOSE", `[v=\\s]*(${src[t.XRANGEIDENTIFIERLOOSE]})(?:\\.(${src[t.XRANGEIDENTIFIERLOOSE]})(?:\\.(${src[t.XRANGEIDENTIFIERLOOSE]})(?:${src[t.PRERELEASELOOSE]})?${src[t.BUILD]}?)?)?`);
    createToken("XRANGE", `^${src[t.GTLT]}\\s*${src[t.XRANGEPLAIN]}$`);
    createToken("XRANGELOOSE", `^${src[t.GTLT]}\\s*${src[t.XRANGEPLAINLOOSE]}$`);
    createToken("COERCEPLAIN", `${"(^|[^\\d])(\\d{1,"}${MAX_SAFE_COMPONENT_LENGTH}})(?:\\.(\\d{1,${MAX_SAFE_COMPONENT_LENGTH}}))?(?:\\.(\\d{1,${MAX_SAFE_COMPONENT_LENGTH}}))?`);
    createToken("COERCE", `${src[t.COERCEPLAIN]}(?:$|[^\\d])`);
    createToken("COERCEFULL", src[t.COERCEPLAIN] + `(?:${src[t.PRERELEASE]})?(?:${src[t.BUILD]})?(?:$|[^\\d])`);
    createToken("COERCERTL", src[t.COERCE], true);
    createToken("COERCERTLFULL", src[t.COERCEFULL], true);
    createToken("LONETILDE", "(?:~>?)");
    createToken("TILDETRIM", `(\\s*)${src[t.LONETILDE]}\\s+`, true);
    exports.tildeTrimReplace = "$1~";
    createToken("TILDE", `^${src[t.LONETILDE]}${src[t.XRANGEPLAIN]}$`);
    createToken("TILDELOOSE", `^${src[t.LONETILDE]}${src[t.XRANGEPLAINLOOSE]}$`);
    createToken("LONECARET", "(?:\\^)");
    createToken("CARETTRIM", `(\\s*)${src[t.LONECARET]}\\s+`, true);
    exports.caretTrimReplace = "$1^";
    createToken("CARET", `^${src[t.LONECARET]}${src[t.XRANGEPLAIN]}$`);
    createToken("CARETLOOSE", `^${src[t.LONECARET]}${src[t.XRANGEPLAINLOOSE]}$`);
    createToken("COMPARATORLOOSE", `^${src[t.GTLT]}\\s*(${src[t.LOOSEPLAIN]})$|^$`);
    createToken("COMPARATOR", `^${src[t.GTLT]}\\s*(${src[t.FULLPLAIN]})$|^$`);
    createToken("COMPARATORTRIM", `(\\s*)${src[t.GTLT]}\\s*(${src[t.LOOSEPLAIN]}|${src[t.XRANGEPLAIN]})`, true);
    exports.comparatorTrimReplace = "$1$2$3";
    createToken("HYPHENRANGE", `^\\s*(${src[t.XRANGEPLAIN]})\\s+-\\s+(${src[t.XRANGEPLAIN]})\\s*$`);
    createToken("HYPHENRANGELOOSE", `^\\s*(${src[t.XRANGEPLAINLOOSE]})\\s+-\\s+(${src[t.XRANGEPLAINLOOSE]})\\s*$`);
    createToken("STAR", "(<|>)?=?\\s*\\*");
    createToken("GTE0", "^\\s*>=\\s*0\\.0\\.0\\s*$");
    createToken("GTE0PRE", "^\\s*>=\\s*0\\.0\\.0-0\\s*$");
  }
});

// node_modules/semver/internal/identifiers.js
var require_identifiers = __commonJS({
  "node_modules/semver/internal/identifiers.js"(exports, module) {
    "use strict";
    var numeric = /^[0-9]+$/;
    var compareIdentifiers = (a, b) => {
      if (typeof a === "number" && typeof b === "number") {
        return a === b ? 0 : a < b ? -1 : 1;
      }
      const anum = numeric.test(a);
      const bnum = numeric.test(b);
      if (anum && bnum) {
        a = +a;
        b = +b;
      }
      return a === b ? 0 : anum && !bnum ? -1 : bnum && !anum ? 1 : a < b ? -1 : 1;
    };
    var rcompareIdentifiers = (a, b) => compareIdentifiers(b, a);
    module.exports = {
      compareIdentifiers,
      rcompareIdentifiers
    };
  }
});

// node_modules/semver/classes/semver.js
var require_semver = __commonJS({
  "node_modules/semver/classes/semver.js"(exports, module) {
    "use strict";
    var debug = require_debug();
    var { MAX_LENGTH, MAX_SAFE_INTEGER } = require_constants();
    var { safeRe: re, t } = require_re();
    var parseOptions = require_parse_options();
    var { compareIdentifiers } = require_identifiers();
    var isPrereleaseIdentifier = (prerelease, identifier) => {
      const identifiers = identifier.split(".");
      if (identifiers.length > prerelease.length) {
        return false;
      }
      for (let i = 0; i < identifiers.length; i++) {
        if (compareIdentifiers(prerelease[i], identifiers[i]) !== 0) {
          return false;
        }
      }
      return true;
    };
    var SemVer = class _SemVer {
      constructor(version, options) {
        options = parseOptions(options);
        if (version instanceof _SemVer) {
          if (version.loose === !!options.loose && version.includePrerelease === !!options.includePrerelease) {
            return version;
          } else {
            version = version.version;
          }
        } else if (typeof version !== "string") {
          throw new TypeError(`Invalid version. Must be a string. Got type "${typeof version}".`);
        }
        if (version.length > MAX_LENGTH) {
          throw new TypeError(
            `version is longer than ${MAX_LENGTH} characters`
          );
        }
        debug("SemVer", version, options);
        this.options = options;
        this.loose = !!options.loose;
        this.includePrerelease = !!options.includePrerelease;
        const m = version.trim().match(options.loose ? re[t.LOOSE] : re[t.FULL]);
        if (!m) {
          throw new TypeError(`Invalid Version: ${version}`);
        }
        this.raw = version;
        this.major = +m[1];
        this.minor = +m[2];
        this.patch = +m[3];
        if (this.major > MAX_SAFE_INTEGER || this.major < 0) {
          throw new TypeError("Invalid major version");
        }
        if (this.minor > MAX_SAFE_INTEGER || this.minor < 0) {
          throw new TypeError("Invalid minor version");
        }
        if (this.patch > MAX_SAFE_INTEGER || this.patch < 0) {
          throw new TypeError("Invalid patch version");
        }
        if (!m[4]) {
          this.prerelease = [];
        } else {
          this.prerelease = m[4].split(".").map((id) => {
            if (/^[0-9]+$/.test(id)) {
              const num = +id;
              if (num >= 0 && num < MAX_SAFE_INTEGER) {
                return num;
              }
            }
            return id;
          });
        }
        this.build = m[5] ? m[5].split(".") : [];
        this.format();
      }
      format() {
        this.version = `${this.major}.${this.minor}.${this.patch}`;
        if (this.prerelease.length) {
          this.version += `-${this.prerelease.join(".")}`;
        }
        return this.version;
      }
      toString() {
        return this.version;
      }
      compare(other) {
        debug("SemVer.compare", this.version, this.options, other);
        if (!(other instanceof _SemVer)) {
          if (typeof other === "string" && other === this.version) {
            return 0;
          }
          other = new _SemVer(other, this.options);
        }
        if (other.version === this.version) {
          return 0;
        }
        return this.compareMain(other) || this.comparePre(other);
      }
      compareMain(other) {
        if (!(other instanceof _SemVer)) {
          other = new _SemVer(other, this.options);
        }
        if (this.major < other.major) {
          return -1;
        }
        if (this.major > other.major) {
          return 1;
        }
        if (this.minor < other.minor) {
          return -1;
        }
        if (this.minor > other.minor) {
          return 1;
        }
        if (this.patch < other.patch) {
          return -1;
        }
        if (this.patch > other.patch) {
          return 1;
        }
        return 0;
      }
      comparePre(other) {
        if (!(other instanceof _SemVer)) {
          other = new _SemVer(other, this.options);
        }
        if (this.prerelease.length && !other.prerelease.length) {
          return -1;
        } else if (!this.prerelease.length && other.prerelease.length) {
          return 1;
        } else if (!this.prerelease.length && !other.prerelease.length) {
          return 0;
        }
        let i = 0;
        do {
          const a = this.prerelease[i];
          const b = other.prerelease[i];
          debug("prerelease compare", i, a, b);
          if (a === void 0 && b === void 0) {
            return 0;
          } else if (b === void 0) {
            return 1;
          } else if (a === void 0) {
            return -1;
          } else if (a === b) {
            continue;
          } else {
            return compareIdentifiers(a, b);
          }
        } while (++i);
      }
      compareBuild(other) {
        if (!(other instanceof _SemVer)) {
          other = new _SemVer(other, this.options);
        }
        let i = 0;
        do {
          const a = this.build[i];
          const b = other.build[i];
          debug("build compare", i, a, b);
          if (a === void 0 && b === void 0) {
            return 0;
          } else if (b === void 0) {
            return 1;
          } else if (a === void 0) {
            return -1;
          } else if (a === b) {
            continue;
          } else {
            return compareIdentifiers(a, b);
          }
        } while (++i);
      }
      // preminor will bump the version up to the next minor release, and immediately
      // down to pre-release. premajor and prepatch work the same way.
      inc(release, identifier, identifierBase) {
        if (release.startsWith("pre")) {
          if (!identifier && identifierBase === false) {
            throw new Error("invalid increment argument: identifier is empty");
          }
          if (identifier) {
            const match = `-${identifier}`.match(this.options.loose ? re[t.PRERELEASELOOSE] : re[t.PRERELEASE]);
            if (!match || match[1] !== identifier) {
              throw new Error(`invalid identifier: ${identifier}`);
            }
          }
        }
        switch (release) {
          case "premajor":
            this.prerelease.length = 0;
            this.patch = 0;
            this.minor = 0;
            this.major++;
            this.inc("pre", identifier, identifierBase);
            break;
          case "preminor":
            this.prerelease.length = 0;
            this.patch = 0;
            this.minor++;
            this.inc("pre", identifier, identifierBase);
            break;
          case "prepatch":
            this.prerelease.length = 0;
            this.inc("patch", identifier, identifierBase);
            this.inc("pre", identifier, identifierBase);
            break;
          // If the input is a non-prerelease version, this acts the same as
          // prepatch.
          case "prerelease":
            if (this.prerelease.length === 0) {
              this.inc("patch", identifier, identifierBase);
            }
            this.inc("pre", identifier, identifierBase);
            break;
          case "release":
            if (this.prerelease.length === 0) {
              throw new Error(`version ${this.raw} is not a prerelease`);
            }
            this.prerelease.length = 0;
            break;
          case "major":
            if (this.minor !== 0 || this.patch !== 0 || this.prerelease.length === 0) {
              this.major++;
            }
            this.minor = 0;
            this.patch = 0;
            this.prerelease = [];
            break;
          case "minor":
            if (this.patch !== 0 || this.prerelease.length === 0) {
              this.minor++;
            }
            this.patch = 0;
            this.prerelease = [];
            break;
          case "patch":
            if (this.prerelease.length === 0) {
              this.patch++;
            }
            this.prerelease = [];
            break;
          // This probably shouldn't be used publicly.
          // 1.0.0 'pre' would become 1.0.0-0 which is the wrong direction.
          case "pre": {
            const base = Number(identifierBase) ? 1 : 0;
            if (this.prerelease.length === 0) {
              this.prerelease = [base];
            } else {
              let i = this.prerelease.length;
              while (--i >= 0) {
                if (typeof this.prerelease[i] === "number") {
                  this.prerelease[i]++;
                  i = -2;
                }
              }
              if (i === -1) {
                if (identifier === this.prerelease.join(".") && identifierBase === false) {
                  throw new Error("invalid increment argument: identifier already exists");
                }
                this.prerelease.push(base);
              }
            }
            if (identifier) {
              let prerelease = [identifier, base];
              if (identifierBase === false) {
                prerelease = [identifier];
              }
              if (isPrereleaseIdentifier(this.prerelease, identifier)) {
                const prereleaseBase = this.prerelease[identifier.split(".").length];
                if (isNaN(prereleaseBase)) {
                  this.prerelease = prerelease;
                }
              } else {
                this.prerelease = prerelease;
              }
            }
            break;
          }
          default:
            throw new Error(`invalid increment argument: ${release}`);
        }
        this.raw = this.format();
        if (this.build.length) {
          this.raw += `+${this.build.join(".")}`;
        }
        return this;
      }
    };
    module.exports = SemVer;
  }
});

// node_modules/semver/functions/compare.js
var require_compare = __commonJS({
  "node_modules/semver/functions/compare.js"(exports, module) {
    "use strict";
    var SemVer = require_semver();
    var compare2 = (a, b, loose) => new SemVer(a, loose).compare(new SemVer(b, loose));
    module.exports = compare2;
  }
});

// node_modules/semver/functions/eq.js
var require_eq = __commonJS({
  "node_modules/semver/functions/eq.js"(exports, module) {
    "use strict";
    var compare2 = require_compare();
    var eq = (a, b, loose) => compare2(a, b, loose) === 0;
    module.exports = eq;
  }
});

// node_modules/semver/functions/neq.js
var require_neq = __commonJS({
  "node_modules/semver/functions/neq.js"(exports, module) {
    "use strict";
    var compare2 = require_compare();
    var neq = (a, b, loose) => compare2(a, b, loose) !== 0;
    module.exports = neq;
  }
});

// node_modules/semver/functions/gt.js
var require_gt = __commonJS({
  "node_modules/semver/functions/gt.js"(exports, module) {
    "use strict";
    var compare2 = require_compare();
    var gt = (a, b, loose) => compare2(a, b, loose) > 0;
    module.exports = gt;
  }
});

// node_modules/semver/functions/gte.js
var require_gte = __commonJS({
  "node_modules/semver/functions/gte.js"(exports, module) {
    "use strict";
    var compare2 = require_compare();
    var gte = (a, b, loose) => compare2(a, b, loose) >= 0;
    module.exports = gte;
  }
});

// node_modules/semver/functions/lt.js
var require_lt = __commonJS({
  "node_modules/semver/functions/lt.js"(exports, module) {
    "use strict";
    var compare2 = require_compare();
    var lt = (a, b, loose) => compare2(a, b, loose) < 0;
    module.exports = lt;
  }
});

// node_modules/semver/functions/lte.js
var require_lte = __commonJS({
  "node_modules/semver/functions/lte.js"(exports, module) {
    "use strict";
    var compare2 = require_compare();
    var lte = (a, b, loose) => compare2(a, b, loose) <= 0;
    module.exports = lte;
  }
});

// node_modules/semver/functions/cmp.js
var require_cmp = __commonJS({
  "node_modules/semver/functions/cmp.js"(exports, module) {
    "use strict";
    var eq = require_eq();
    var neq = require_neq();
    var gt = require_gt();
    var gte = require_gte();
    var lt = require_lt();
    var lte = require_lte();
    var cmp = (a, op, b, loose) => {
      switch (op) {
        case "===":
          if (typeof a === "object") {
            a = a.version;
          }
          if (typeof b === "object") {
            b = b.version;
          }
          return a === b;
        case "!==":
          if (typeof a === "object") {
            a = a.version;
          }
          if (typeof b === "object") {
            b = b.version;
          }
          return a !== b;
        case "":
        case "=":
        case "==":
          return eq(a, b, loose);
        case "!=":
          return neq(a, b, loose);
        case ">":
          return gt(a, b, loose);
        case ">=":
          return gte(a, b, loose);
        case "<":
          return lt(a, b, loose);
        case "<=":
          return lte(a, b, loose);
        default:
          throw new TypeError(`Invalid operator: ${op}`);
      }
    };
    module.exports = cmp;
  }
});

// node_modules/semver/classes/comparator.js
var require_comparator = __commonJS({
  "node_modules/semver/classes/comparator.js"(exports, module) {
    "use strict";
    var ANY = Symbol("SemVer ANY");
    var Comparator = class _Comparator {
      static get ANY() {
        return ANY;
      }
      constructor(comp, options) {
        options = parseOptions(options);
        if (comp instanceof _Comparator) {
          if (comp.loose === !!options.loose) {
            return comp;
          } else {
            comp = comp.value;
          }
        }
        comp = comp.trim().split(/\s+/).join(" ");
        debug("comparator", comp, options);
        this.options = options;
        this.loose = !!options.loose;
        this.parse(comp);
        if (this.semver === ANY) {
          this.value = "";
        } else {
          this.value = this.operator + this.semver.version;
        }
        debug("comp", this);
      }
      parse(comp) {
        const r = this.options.loose ? re[t.COMPARATORLOOSE] : re[t.COMPARATOR];
        const m = comp.match(r);
        if (!m) {
          throw new TypeError(`Invalid comparator: ${comp}`);
        }
        this.operator = m[1] !== void 0 ? m[1] : "";
        if (this.operator === "=") {
          this.operator = "";
        }
        if (!m[2]) {
          this.semver = ANY;
        } else {
          this.semver = new SemVer(m[2], this.options.loose);
        }
      }
      toString() {
        return this.value;
      }
      test(version) {
        debug("Comparator.test", version, this.options.loose);
        if (this.semver === ANY || version === ANY) {
          return true;
        }
        if (typeof version === "string") {
          try {
            version = new SemVer(version, this.options);
          } catch (er) {
            return false;
          }
        }
        return cmp(version, this.operator, this.semver, this.options);
      }
      intersects(comp, options) {
        if (!(comp instanceof _Comparator)) {
          throw new TypeError("a Comparator is required");
        }
        if (this.operator === "") {
          if (this.value === "") {
            return true;
          }
          return new Range2(comp.value, options).test(this.value);
        } else if (comp.operator === "") {
          if (comp.value === "") {
            return true;
          }
          return new Range2(this.value, options).test(comp.semver);
        }
        options = parseOptions(options);
        if (options.includePrerelease && (this.value === "<0.0.0-0" || comp.value === "<0.0.0-0")) {
          return false;
        }
        if (!options.includePrerelease && (this.value.startsWith("<0.0.0") || comp.value.startsWith("<0.0.0"))) {
          return false;
        }
        if (this.operator.startsWith(">") && comp.operator.startsWith(">")) {
          return true;
        }
        if (this.operator.startsWith("<") && comp.operator.startsWith("<")) {
          return true;
        }
        if (this.semver.version === comp.semver.version && this.operator.includes("=") && comp.operator.includes("=")) {
          return true;
        }
        if (cmp(this.semver, "<", comp.semver, options) && this.operator.startsWith(">") && comp.operator.startsWith("<")) {
          return true;
        }
        if (cmp(this.semver, ">", comp.semver, options) && this.operator.startsWith("<") && comp.operator.startsWith(">")) {
          return true;
        }
        return false;
      }
    };
    module.exports = Comparator;
    var parseOptions = require_parse_options();
    var { safeRe: re, t } = require_re();
    var cmp = require_cmp();
    var debug = require_debug();
    var SemVer = require_semver();
    var Range2 = require_range();
  }
});

// node_modules/semver/internal/trim-comparator-whitespace.js
var require_trim_comparator_whitespace = __commonJS({
  "node_modules/semver/internal/trim-comparator-whitespace.js"(exports, module) {
    "use strict";
    var {
      MAX_LENGTH,
      MAX_SAFE_BUILD_LENGTH,
      WHITESPACE_CHARACTERS
    } = require_constants();
    var whitespace = new Uint8Array(65536);
    for (const char of WHITESPACE_CHARACTERS) {
      whitespace[char.charCodeAt(0)] = 1;
    }
    var isWhitespace = (char) => char !== void 0 && whitespace[char.charCodeAt(0)] === 1;
    var isVersionPrefix = (char) => char === "v" || char === "=" || isWhitespace(char);
    var isDigit = (char) => char !== void 0 && char >= "0" && char <= "9";
    var isLetter = (char) => char !== void 0 && (char >= "a" && char <= "z" || char >= "A" && char <= "Z");
    var isIdentifierCharacter = (char) => isDigit(char) || isLetter(char) || char === "-";
    var isVersionStart = (char) => isDigit(char) || char === "x" || char === "X" || char === "*";
    var findDigitsEndIndex = (range, start, limit, digitRuns) => {
      if (!isDigit(range[start])) {
        return start;
      }
      if (start >= digitRuns.start && start < digitRuns.end) {
        return Math.min(start + limit, digitRuns.end);
      }
      if (start >= digitRuns.previousStart && start < digitRuns.previousEnd) {
        return Math.min(start + limit, digitRuns.previousEnd);
      }
      let end = start + 1;
      while (isDigit(range[end])) {
        end++;
      }
      digitRuns.previousStart = digitRuns.start;
      digitRuns.previousEnd = digitRuns.end;
      digitRuns.start = start;
      digitRuns.end = end;
      return Math.min(start + limit, end);
    };
    var findVersionNumberEndIndex = (range, start, loose, digitRuns) => {
      if (!loose && range[start] === "0") {
        return start + 1;
      }
      return findDigitsEndIndex(range, start, loose ? MAX_LENGTH : MAX_LENGTH + 1, digitRuns);
    };
    var findPrereleaseIdentifierEndIndex = (range, start, loose, digitRuns) => {
      const digitsEnd = findDigitsEndIndex(range, start, MAX_LENGTH, digitRuns);
      if (isLetter(range[digitsEnd]) || range[digitsEnd] === "-") {
        let end = digitsEnd + 1;
        const limit = end + MAX_SAFE_BUILD_LENGTH;
        while (end < limit && isIdentifierCharacter(range[end])) {
          end++;
        }
        return end;
      }
      return findVersionNumberEndIndex(range, start, loose, digitRuns);
    };
    var findPrereleaseEndIndex = (range, start, loose, digitRuns) => {
      const hyphen = range[start] === "-";
      if (!loose && !hyphen) {
        return start;
      }
      const identifierStart = start + (hyphen ? 1 : 0);
      let end = findPrereleaseIdentifierEndIndex(range, identifierStart, loose, digitRuns);
      if (end === identifierStart) {
        if (!loose || !hyphen) {
          return start;
        }
        end = findPrereleaseIdentifierEndIndex(range, start, loose, digitRuns);
      }
      while (range[end] === ".") {
        const next = findPrereleaseIdentifierEndIndex(range, end + 1, loose, digitRuns);
        if (next === end + 1) {
          break;
        }
        end = next;
      }
      return end;
    };
    var findBuildIdentifierEndIndex = (range, start) => {
      let end = start;
      while (end - start < MAX_SAFE_BUILD_LENGTH && isIdentifierCharacter(range[end])) {
        end++;
      }
      return end;
    };
    var findBuildEndIndex = (range, start) => {
      if (range[start] !== "+") {
        return start;
      }
      let end = findBuildIdentifierEndIndex(range, start + 1);
      if (end === start + 1) {
        return start;
      }
      while (range[end] === ".") {
        const next = findBuildIdentifierEndIndex(range, end + 1);
        if (next === end + 1) {
          break;
        }
        end = next;
      }
      return end;
    };
    var findLooseFullVersionEndIndex = (range, start, digitRuns) => {
      let end = start;
      for (let component = 0; component < 3; component++) {
        const next = findVersionNumberEndIndex(range, end, true, digitRuns);
        if (next === end) {
          return start;
        }
        end = next;
        if (component < 2) {
          if (range[end] !== ".") {
            return start;
          }
          end++;
        }
      }
      const prereleaseEnd = findPrereleaseEndIndex(range, end, true, digitRuns);
      return findBuildEndIndex(range, prereleaseEnd);
    };
    var findPartialVersionComponentEndIndex = (range, start, digitRuns) => {
      if (isDigit(range[start])) {
        return findVersionNumberEndIndex(range, start, false, digitRuns);
      }
      return isVersionStart(range[start]) ? start + 1 : start;
    };
    var findPartialVersionEndIndex = (range, start, digitRuns) => {
      let end = findPartialVersionComponentEndIndex(range, start, digitRuns);
      for (let component = 0; component < 2; component++) {
        if (range[end] !== ".") {
          return end;
        }
        const next = findPartialVersionComponentEndIndex(range, end + 1, digitRuns);
        if (next === end + 1) {
          return end;
        }
        end = next;
      }
      const prereleaseEnd = findPrereleaseEndIndex(range, end, false, digitRuns);
      return findBuildEndIndex(range, prereleaseEnd);
    };
    var findVersionEndIndex = (range, start, digitRuns) => {
      const fullVersionEnd = findLooseFullVersionEndIndex(range, start, digitRuns);
      return fullVersionEnd !== start ? fullVersionEnd : findPartialVersionEndIndex(range, start, digitRuns);
    };
    var findRemovableWhitespaceIndex = (range, matchStart) => {
      let position2 = matchStart;
      if (isWhitespace(range[position2])) {
        position2++;
      }
      if (range[position2] === "<" || range[position2] === ">") {
        position2++;
      }
      if (range[position2] === "=") {
        position2++;
      }
      return isWhitespace(range[position2]) ? position2 : -1;
    };
    var trimComparatorWhitespace = (range) => {
      let result = "";
      let copyFrom = 0;
      let cursor = 0;
      const digitRuns = { start: -1, end: -1, previousStart: -1, previousEnd: -1 };
      while (cursor < range.length) {
        const matchStart = cursor;
        if (range[cursor] === "<" || range[cursor] === ">") {
          cursor++;
        } else if (!isVersionPrefix(range[cursor]) && !isVersionStart(range[cursor])) {
          cursor++;
          continue;
        }
        while (cursor < range.length && isVersionPrefix(range[cursor])) {
          cursor++;
        }
        if (!isVersionStart(range[cursor])) {
          continue;
        }
        const whitespacePosition = findRemovableWhitespaceIndex(range, matchStart);
        if (whitespacePosition !== -1) {
          result += range.slice(copyFrom, whitespacePosition);
          copyFrom = whitespacePosition + 1;
        }
        cursor = findVersionEndIndex(range, cursor, digitRuns);
      }
      return result + range.slice(copyFrom);
    };
    module.exports = trimComparatorWhitespace;
  }
});

// node_modules/semver/classes/range.js
var require_range = __commonJS({
  "node_modules/semver/classes/range.js"(exports, module) {
    "use strict";
    var SPACE_CHARACTERS = /\s+/g;
    var Range2 = class _Range {
      constructor(range, options) {
        options = parseOptions(options);
        if (range instanceof _Range) {
          if (range.loose === !!options.loose && range.includePrerelease === !!options.includePrerelease) {
            return range;
          } else {
            return new _Range(range.raw, options);
          }
        }
        if (range instanceof Comparator) {
          this.raw = range.value;
          this.set = [[range]];
          this.formatted = void 0;
          return this;
        }
        this.options = options;
        this.loose = !!options.loose;
        this.includePrerelease = !!options.includePrerelease;
        this.raw = range.trim().replace(SPACE_CHARACTERS, " ");
        this.set = this.raw.split("||").map((r) => this.parseRange(r.trim())).filter((c) => c.length);
        if (!this.set.length) {
          throw new TypeError(`Invalid SemVer Range: ${this.raw}`);
        }
        if (this.set.length > 1) {
          const first = this.set[0];
          this.set = this.set.filter((c) => !isNullSet(c[0]));
          if (this.set.length === 0) {
            this.set = [first];
          } else if (this.set.length > 1) {
            for (const c of this.set) {
              if (c.length === 1 && isAny(c[0])) {
                this.set = [c];
                break;
              }
            }
          }
        }
        this.formatted = void 0;
      }
      get range() {
        if (this.formatted === void 0) {
          this.formatted = "";
          for (let i = 0; i < this.set.length; i++) {
            if (i > 0) {
              this.formatted += "||";
            }
            const comps = this.set[i];
            for (let k = 0; k < comps.length; k++) {
              if (k > 0) {
                this.formatted += " ";
              }
              this.formatted += comps[k].toString().trim();
            }
          }
        }
        return this.formatted;
      }
      format() {
        return this.range;
      }
      toString() {
        return this.range;
      }
      parseRange(range) {
        range = range.replace(BUILDSTRIPRE, "");
        const memoOpts = (this.options.includePrerelease && FLAG_INCLUDE_PRERELEASE) | (this.options.loose && FLAG_LOOSE);
        const memoKey = memoOpts + ":" + range;
        const cached = cache.get(memoKey);
        if (cached) {
          return cached;
        }
        const loose = this.options.loose;
        const hr = loose ? re[t.HYPHENRANGELOOSE] : re[t.HYPHENRANGE];
        range = range.replace(hr, hyphenReplace(this.options.includePrerelease));
        debug("hyphen replace", range);
        range = trimComparatorWhitespace(range);
        debug("comparator trim", range);
        range = range.replace(re[t.TILDETRIM], tildeTrimReplace);
        debug("tilde trim", range);
        range = range.replace(re[t.CARETTRIM], caretTrimReplace);
        debug("caret trim", range);
        let rangeList = range.split(" ").map((comp) => parseComparator(comp, this.options)).join(" ").split(/\s+/).map((comp) => replaceGTE0(comp, this.options));
        if (loose) {
          rangeList = rangeList.filter((comp) => {
            debug("loose invalid filter", comp, this.options);
            return !!comp.match(re[t.COMPARATORLOOSE]);
          });
        }
        debug("range list", rangeList);
        const rangeMap = /* @__PURE__ */ new Map();
        const comparators = rangeList.map((comp) => new Comparator(comp, this.options));
        for (const comp of comparators) {
          if (isNullSet(comp)) {
            return [comp];
          }
          rangeMap.set(comp.value, comp);
        }
        if (rangeMap.size > 1 && rangeMap.has("")) {
          rangeMap.delete("");
        }
        const result = [...rangeMap.values()];
        cache.set(memoKey, result);
        return result;
      }
      intersects(range, options) {
        if (!(range instanceof _Range)) {
          throw new TypeError("a Range is required");
        }
        return this.set.some((thisComparators) => {
          return isSatisfiable(thisComparators, options) && range.set.some((rangeComparators) => {
            return isSatisfiable(rangeComparators, options) && thisComparators.every((thisComparator) => {
              return rangeComparators.every((rangeComparator) => {
                return thisComparator.intersects(rangeComparator, options);
              });
            });
          });
        });
      }
      // if ANY of the sets match ALL of its comparators, then pass
      test(version) {
        if (!version) {
          return false;
        }
        if (typeof version === "string") {
          try {
            version = new SemVer(version, this.options);
          } catch (er) {
            return false;
          }
        }
        for (let i = 0; i < this.set.length; i++) {
          if (testSet(this.set[i], version, this.options)) {
            return true;
          }
        }
        return false;
      }
    };
    module.exports = Range2;
    var LRU = require_lrucache();
    var cache = new LRU();
    var parseOptions = require_parse_options();
    var Comparator = require_comparator();
    var debug = require_debug();
    var SemVer = require_semver();
    var trimComparatorWhitespace = require_trim_comparator_whitespace();
    var {
      safeRe: re,
      src,
      t,
      tildeTrimReplace,
      caretTrimReplace
    } = require_re();
    var { FLAG_INCLUDE_PRERELEASE, FLAG_LOOSE } = require_constants();
    var BUILDSTRIPRE = new RegExp(src[t.BUILD], "g");
    var isNullSet = (c) => c.value === "<0.0.0-0";
    var isAny = (c) => c.value === "";
    var isSatisfiable = (comparators, options) => {
      let result = true;
      const remainingComparators = comparators.slice();
      let testComparator = remainingComparators.pop();
      while (result && remainingComparators.length) {
        result = remainingComparators.every((otherComparator) => {
          return testComparator.intersects(otherComparator, options);
        });
        testComparator = remainingComparators.pop();
      }
      return result;
    };
    var parseComparator = (comp, options) => {
      comp = comp.replace(re[t.BUILD], "");
      debug("comp", comp, options);
      comp = replaceCarets(comp, options);
      debug("caret", comp);
      comp = replaceTildes(comp, options);
      debug("tildes", comp);
      comp = replaceXRanges(comp, options);
      debug("xrange", comp);
      comp = replaceStars(comp, options);
      debug("stars", comp);
      return comp;
    };
    var isX = (id) => !id || id.toLowerCase() === "x" || id === "*";
    var invalidXRangeOrder = (M, m, p) => isX(M) && !isX(m) || isX(m) && p && !isX(p);
    var replaceTildes = (comp, options) => {
      return comp.trim().split(/\s+/).map((c) => replaceTilde(c, options)).join(" ");
    };
    var replaceTilde = (comp, options) => {
      const r = options.loose ? re[t.TILDELOOSE] : re[t.TILDE];
      const z = options.includePrerelease ? "-0" : "";
      return comp.replace(r, (_, M, m, p, pr) => {
        debug("tilde", comp, _, M, m, p, pr);
        let ret;
        if (isX(M)) {
          ret = "";
        } else if (isX(m)) {
          ret = `>=${M}.0.0${z} <${+M + 1}.0.0-0`;
        } else if (isX(p)) {
          ret = `>=${M}.${m}.0${z} <${M}.${+m + 1}.0-0`;
        } else if (pr) {
          debug("replaceTilde pr", pr);
          ret = `>=${M}.${m}.${p}-${pr} <${M}.${+m + 1}.0-0`;
        } else {
          ret = `>=${M}.${m}.${p} <${M}.${+m + 1}.0-0`;
        }
        debug("tilde return", ret);
        return ret;
      });
    };
    var replaceCarets = (comp, options) => {
      return comp.trim().split(/\s+/).map((c) => replaceCaret(c, options)).join(" ");
    };
    var replaceCaret = (comp, options) => {
      debug("caret", comp, options);
      const r = options.loose ? re[t.CARETLOOSE] : re[t.CARET];
      const z = options.includePrerelease ? "-0" : "";
      return comp.replace(r, (_, M, m, p, pr) => {
        debug("caret", comp, _, M, m, p, pr);
        let ret;
        if (isX(M)) {
          ret = "";
        } else if (isX(m)) {
          ret = `>=${M}.0.0${z} <${+M + 1}.0.0-0`;
        } else if (isX(p)) {
          if (M === "0") {
            ret = `>=${M}.${m}.0${z} <${M}.${+m + 1}.0-0`;
          } else {
            ret = `>=${M}.${m}.0${z} <${+M + 1}.0.0-0`;
          }
        } else if (pr) {
          debug("replaceCaret pr", pr);
          if (M === "0") {
            if (m === "0") {
              ret = `>=${M}.${m}.${p}-${pr} <${M}.${m}.${+p + 1}-0`;
            } else {
              ret = `>=${M}.${m}.${p}-${pr} <${M}.${+m + 1}.0-0`;
            }
          } else {
            ret = `>=${M}.${m}.${p}-${pr} <${+M + 1}.0.0-0`;
          }
        } else {
          debug("no pr");
          if (M === "0") {
            if (m === "0") {
              ret = `>=${M}.${m}.${p} <${M}.${m}.${+p + 1}-0`;
            } else {
              ret = `>=${M}.${m}.${p} <${M}.${+m + 1}.0-0`;
            }
          } else {
            ret = `>=${M}.${m}.${p} <${+M + 1}.0.0-0`;
          }
        }
        debug("caret return", ret);
        return ret;
      });
    };
    var replaceXRanges = (comp, options) => {
      debug("replaceXRanges", comp, options);
      return comp.split(/\s+/).map((c) => replaceXRange(c, options)).join(" ");
    };
    var replaceXRange = (comp, options) => {
      comp = comp.trim();
      const r = options.loose ? re[t.XRANGELOOSE] : re[t.XRANGE];
      return comp.replace(r, (ret, gtlt, M, m, p, pr) => {
        debug("xRange", comp, ret, gtlt, M, m, p, pr);
        if (invalidXRangeOrder(M, m, p)) {
          return comp;
        }
        const xM = isX(M);
        const xm = xM || isX(m);
        const xp = xm || isX(p);
        const anyX = xp;
        if (gtlt === "=" && anyX) {
          gtlt = "";
        }
        pr = options.includePrerelease ? "-0" : "";
        if (xM) {
          if (gtlt === ">" || gtlt === "<") {
            ret = "<0.0.0-0";
          } else {
            ret = "*";
          }
        } else if (gtlt && anyX) {
          if (xm) {
            m = 0;
          }
          p = 0;
          if (gtlt === ">") {
            gtlt = ">=";
            if (xm) {
              M = +M + 1;
              m = 0;
              p = 0;
            } else {
              m = +m + 1;
              p = 0;
            }
          } else if (gtlt === "<=") {
            gtlt = "<";
            if (xm) {
              M = +M + 1;
            } else {
              m = +m + 1;
            }
          }
          if (gtlt === "<") {
            pr = "-0";
          }
          ret = `${gtlt + M}.${m}.${p}${pr}`;
        } else if (xm) {
          ret = `>=${M}.0.0${pr} <${+M + 1}.0.0-0`;
        } else if (xp) {
          ret = `>=${M}.${m}.0${pr} <${M}.${+m + 1}.0-0`;
        }
        debug("xRange return", ret);
        return ret;
      });
    };
    var replaceStars = (comp, options) => {
      debug("replaceStars", comp, options);
      return comp.trim().replace(re[t.STAR], "");
    };
    var replaceGTE0 = (comp, options) => {
      debug("replaceGTE0", comp, options);
      return comp.trim().replace(re[options.includePrerelease ? t.GTE0PRE : t.GTE0], "");
    };
    var hyphenReplace = (incPr) => ($0, from, fM, fm, fp, fpr, fb, to, tM, tm, tp, tpr) => {
      if (isX(fM)) {
        from = "";
      } else if (isX(fm)) {
        from = `>=${fM}.0.0${incPr ? "-0" : ""}`;
      } else if (isX(fp)) {
        from = `>=${fM}.${fm}.0${incPr ? "-0" : ""}`;
      } else if (fpr) {
        from = `>=${from}`;
      } else {
        from = `>=${from}${incPr ? "-0" : ""}`;
      }
      if (isX(tM)) {
        to = "";
      } else if (isX(tm)) {
        to = `<${+tM + 1}.0.0-0`;
      } else if (isX(tp)) {
        to = `<${tM}.${+tm + 1}.0-0`;
      } else if (tpr) {
        to = `<=${tM}.${tm}.${tp}-${tpr}`;
      } else if (incPr) {
        to = `<${tM}.${tm}.${+tp + 1}-0`;
      } else {
        to = `<=${to}`;
      }
      return `${from} ${to}`.trim();
    };
    var testSet = (set2, version, options) => {
      for (let i = 0; i < set2.length; i++) {
        if (!set2[i].test(version)) {
          return false;
        }
      }
      if (version.prerelease.length && !options.includePrerelease) {
        for (let i = 0; i < set2.length; i++) {
          debug(set2[i].semver);
          if (set2[i].semver === Comparator.ANY) {
            continue;
          }
          if (set2[i].semver.prerelease.length > 0) {
            const allowed = set2[i].semver;
            if (allowed.major === version.major && allowed.minor === version.minor && allowed.patch === version.patch) {
              return true;
            }
          }
        }
        return false;
      }
      return true;
    };
  }
});

// node_modules/semver/functions/inc.js
var require_inc = __commonJS({
  "node_modules/semver/functions/inc.js"(exports, module) {
    "use strict";
    var SemVer = require_semver();
    var inc2 = (version, release, options, identifier, identifierBase) => {
      if (typeof options === "string") {
        identifierBase = identifier;
        identifier = options;
        options = void 0;
      }
      try {
        return new SemVer(
          version instanceof SemVer ? version.version : version,
          options
        ).inc(release, identifier, identifierBase).version;
      } catch (er) {
        return null;
      }
    };
    module.exports = inc2;
  }
});

// node_modules/semver/functions/satisfies.js
var require_satisfies = __commonJS({
  "node_modules/semver/functions/satisfies.js"(exports, module) {
    "use strict";
    var Range2 = require_range();
    var satisfies2 = (version, range, options) => {
      try {
        range = new Range2(range, options);
      } catch (er) {
        return false;
      }
      return range.test(version);
    };
    module.exports = satisfies2;
  }
});

// node_modules/semver/ranges/max-satisfying.js
var require_max_satisfying = __commonJS({
  "node_modules/semver/ranges/max-satisfying.js"(exports, module) {
    "use strict";
    var SemVer = require_semver();
    var Range2 = require_range();
    var maxSatisfying2 = (versions, range, options) => {
      let max = null;
      let maxSV = null;
      let rangeObj = null;
      try {
        rangeObj = new Range2(range, options);
      } catch (er) {
        return null;
      }
      versions.forEach((v) => {
        if (rangeObj.test(v)) {
          if (!max || maxSV.compare(v) === -1) {
            max = v;
            maxSV = new SemVer(max, options);
          }
        }
      });
      return max;
    };
    module.exports = maxSatisfying2;
  }
});

// src/analyzers/fast-readers.ts
function fastReadersEnabled() {
  return process.env.GOMEMCHECK_FAST_READERS !== "off";
}

// src/analyzers/runtime/yaml-lite.ts
var UNSURE = void 0;
var Unsure = class {
};
var unsure = new Unsure();
function giveUp() {
  throw unsure;
}
var STOP_CHARS = /[\0-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]/;
var MAX_DEPTH = 64;
function readLiteYaml(text, options) {
  if (STOP_CHARS.test(text)) return UNSURE;
  try {
    return new Reader(text, options.uniqueKeys).stream(options.single);
  } catch (e) {
    if (e === unsure || e instanceof RangeError) return UNSURE;
    throw e;
  }
}
var LINE_BLANK = 0;
var LINE_COMMENT = 1;
var LINE_CONTENT = 2;
var LINE_MARKER = 3;
var KEY = /[^\s\-?:,[\]{}#&*!|>'"%@`<=][^:#'"[\]{}\t\n]*:(?=[ \n]|$)/y;
var PLAIN_START = /[^\s\-?:,[\]{}#&*!|>'"%@`]|-(?=[^\s])/y;
var BLANKS = / */y;
var Reader = class {
  constructor(text, uniqueKeys) {
    this.text = text;
    this.uniqueKeys = uniqueKeys;
    let tab = text.indexOf("	");
    for (let at = 0; at <= text.length; ) {
      let end = text.indexOf("\n", at);
      if (end === -1) end = text.length;
      let p = at;
      while (p < end && text.charCodeAt(p) === 32) p++;
      const c = text.charCodeAt(p);
      let kind = LINE_CONTENT;
      if (p === end) kind = LINE_BLANK;
      else if (c === 35) kind = LINE_COMMENT;
      else if (p === at && text.startsWith("---", p) && (p + 3 === end || text[p + 3] === " "))
        kind = LINE_MARKER;
      else if (p === at && (text.startsWith("...", p) || c === 37)) giveUp();
      while (tab !== -1 && tab < at) tab = text.indexOf("	", at);
      this.starts.push(at);
      this.ends.push(end);
      this.indents.push(p - at);
      this.kinds.push(kind);
      this.tabbed.push(tab !== -1 && tab < end);
      if (end === text.length) break;
      at = end + 1;
    }
  }
  starts = [];
  ends = [];
  indents = [];
  kinds = [];
  tabbed = [];
  depth = 0;
  /** The documents, or a give-up. */
  stream(single) {
    const docs = [];
    const n = this.kinds.length;
    let i = this.skip(0);
    let explicit = false;
    let markerEnd = 0;
    if (i < n && this.kinds[i] === LINE_MARKER) {
      explicit = true;
      markerEnd = this.markerLine(i);
      i = this.skip(i + 1);
    }
    for (; ; ) {
      if (i >= n || this.kinds[i] === LINE_MARKER) {
        if (explicit) docs.push(nullAt(markerEnd, markerEnd));
      } else {
        const node = this.node(i, this.indents[i], -1);
        const after = this.skip(this.next);
        if (after < n && this.kinds[after] !== LINE_MARKER) giveUp();
        if (!(node instanceof Scalar) && node.range) node.range[2] = node.range[1];
        docs.push(node);
        i = after;
      }
      if (i >= n) break;
      if (single) giveUp();
      explicit = true;
      markerEnd = this.markerLine(i);
      i = this.skip(i + 1);
    }
    if (docs.length === 0 && !single) return docs;
    return docs.length === 0 ? [null] : docs;
  }
  /** The line after the current node. */
  next = 0;
  /** Where an empty document after this `---` line sits: after the marker and its spaces. */
  markerLine(i) {
    const start = this.starts[i];
    const rest = this.text.slice(start + 3, this.ends[i]);
    if (!/^ *(#.*)?$/.test(rest) || this.tabbed[i]) giveUp();
    return skipBlanks(this.text, start + 3);
  }
  /** The first line at or after i that is not blank or a comment. */
  skip(i) {
    const n = this.kinds.length;
    while (i < n && (this.kinds[i] === LINE_BLANK || this.kinds[i] === LINE_COMMENT)) i++;
    return i;
  }
  /** The offset of line i's content at column col. */
  at(i, col) {
    return this.starts[i] + col;
  }
  /** Whether line i holds a sequence entry at column col. */
  isEntry(i, col) {
    return this.isEntryAt(this.at(i, col), this.ends[i]);
  }
  /** A block collection starting at line i, column col (its parent's column is `parent`). */
  node(i, col, parent) {
    return this.isEntry(i, col) ? this.seq(i, col) : this.map(i, col, parent);
  }
  /** A block sequence whose first entry is on line i at column col. */
  seq(i, col) {
    if (++this.depth > MAX_DEPTH) giveUp();
    const seq = new YAMLSeq();
    const start = this.at(i, col);
    let last;
    let line = i;
    for (; ; ) {
      if (this.tabbed[line]) giveUp();
      const dash = this.at(line, col);
      BLANKS.lastIndex = dash + 1;
      BLANKS.test(this.text);
      const q = BLANKS.lastIndex;
      const end = this.ends[line];
      let item;
      if (q === end || this.text.charCodeAt(q) === 35) {
        if (q < end && q === dash + 1) giveUp();
        const k2 = this.skip(line + 1);
        if (k2 < this.kinds.length && this.kinds[k2] === LINE_CONTENT && this.indents[k2] > col) {
          item = this.node(k2, this.indents[k2], col);
        } else {
          item = nullAt(q, q < end ? Math.min(end + 1, this.text.length) : q);
          this.next = line + 1;
        }
      } else if (this.isEntryAt(q, end)) {
        giveUp();
      } else {
        KEY.lastIndex = q;
        if (KEY.test(this.text)) item = this.map(line, q - this.starts[line], col);
        else item = this.inline(line, q, col);
      }
      seq.items.push(item);
      last = item;
      const k = this.skip(this.next);
      if (k >= this.kinds.length || this.kinds[k] !== LINE_CONTENT) break;
      const ind = this.indents[k];
      if (ind > col) giveUp();
      if (ind < col || !this.isEntry(k, col)) break;
      line = k;
    }
    seq.range = collectionRange(start, last, this.nextToken());
    this.depth--;
    return seq;
  }
  isEntryAt(p, end) {
    return this.text.charCodeAt(p) === 45 && (p + 1 === end || this.text[p + 1] === " ");
  }
  /** A block mapping whose first key is on line i at column col. */
  map(i, col, parent) {
    if (++this.depth > MAX_DEPTH) giveUp();
    const map = new YAMLMap();
    const start = this.at(i, col);
    const seen = this.uniqueKeys ? /* @__PURE__ */ new Set() : void 0;
    let last;
    let line = i;
    let keyAt = start;
    for (; ; ) {
      if (this.tabbed[line]) giveUp();
      KEY.lastIndex = keyAt;
      if (!KEY.test(this.text)) giveUp();
      const colon = KEY.lastIndex - 1;
      const keySource = this.text.slice(keyAt, colon);
      if (keySource.endsWith(" ") || keySource.length > 1e3) giveUp();
      const key = plainScalar(keySource, keyAt, colon, colon);
      if (seen) {
        if (seen.has(key.value)) giveUp();
        seen.add(key.value);
      }
      BLANKS.lastIndex = colon + 1;
      BLANKS.test(this.text);
      const q = BLANKS.lastIndex;
      const end = this.ends[line];
      let value;
      if (q === end || this.text.charCodeAt(q) === 35) {
        const k2 = this.skip(line + 1);
        const content = k2 < this.kinds.length && this.kinds[k2] === LINE_CONTENT;
        if (content && this.indents[k2] > col && this.text[this.at(k2, this.indents[k2])] === "[") {
          if (this.tabbed[k2]) giveUp();
          value = this.inline(k2, this.at(k2, this.indents[k2]), col);
        } else if (content && this.indents[k2] > col) {
          value = this.node(k2, this.indents[k2], col);
        } else if (content && this.indents[k2] === col && this.isEntry(k2, col)) {
          value = this.seq(k2, col);
        } else {
          value = nullAt(q, q < end ? Math.min(end + 1, this.text.length) : q);
          this.next = line + 1;
        }
      } else {
        value = this.inline(line, q, col);
      }
      map.items.push(new Pair(key, value));
      last = value;
      const k = this.skip(this.next);
      if (k >= this.kinds.length || this.kinds[k] !== LINE_CONTENT) break;
      const ind = this.indents[k];
      if (ind < col) break;
      if (ind > col) giveUp();
      if (this.isEntry(k, col)) {
        if (col > parent) giveUp();
        break;
      }
      line = k;
      keyAt = this.at(line, col);
    }
    map.range = collectionRange(start, last, this.nextToken());
    this.depth--;
    return map;
  }
  /** The offset of the next content line's first character, or undefined at the document's end. */
  nextToken() {
    const k = this.skip(this.next);
    if (k >= this.kinds.length || this.kinds[k] !== LINE_CONTENT) return void 0;
    return this.at(k, this.indents[k]);
  }
  /** A value that starts on line i at offset q: a scalar, a block scalar, a one-line flow collection. */
  inline(start, q, parent) {
    const text = this.text;
    let i = start;
    let end = this.ends[i];
    const c = text.charCodeAt(q);
    let node;
    let after;
    if (c === 124 || c === 62) {
      return this.blockScalar(i, q, parent);
    } else if (c === 34 || c === 39) {
      const close = quotedEnd(text, q, end);
      node = quoted(text, q, close);
      after = close;
    } else if (c === 91) {
      const r = this.flowSequence(i, q, parent);
      node = r.node;
      after = r.end;
      i = r.line;
      end = this.ends[i];
    } else if (c === 123) {
      const r = flow(text, q, end);
      node = r.node;
      after = r.end;
    } else {
      PLAIN_START.lastIndex = q;
      if (!PLAIN_START.test(text)) giveUp();
      const hash2 = text.slice(q, end).indexOf(" #");
      const stop = hash2 === -1 ? end : q + hash2;
      let e = stop;
      while (e > q && text.charCodeAt(e - 1) === 32) e--;
      const source = text.slice(q, e);
      if (source.includes(": ") || source.endsWith(":")) giveUp();
      node = plainScalar(source, q, e, e);
      after = e;
    }
    BLANKS.lastIndex = after;
    BLANKS.test(text);
    const t = BLANKS.lastIndex;
    if (t < end && (text.charCodeAt(t) !== 35 || t === after)) giveUp();
    node.range[2] = Math.min(end + 1, text.length);
    const k = this.skip(i + 1);
    if (k < this.kinds.length && this.kinds[k] === LINE_CONTENT && this.indents[k] > parent)
      giveUp();
    this.next = i + 1;
    return node;
  }
  /**
   * A flow sequence of scalars from the `[` at q on line i, on one line or over several: lines
   * after the first must be indented further than the parent collection, but for the one that
   * starts with the closing `]`, which may sit at the parent's column. No comment, blank line,
   * nested collection or scalar over several lines inside.
   */
  flowSequence(i, q, parent) {
    const text = this.text;
    const seq = new YAMLSeq();
    seq.flow = true;
    let line = i;
    let end = this.ends[line];
    let p = q + 1;
    const next = () => {
      for (; ; ) {
        p = skipBlanks(text, p);
        if (p < end) return;
        line++;
        if (line >= this.kinds.length || this.kinds[line] !== LINE_CONTENT || this.tabbed[line])
          giveUp();
        const indent = this.indents[line];
        p = this.starts[line] + indent;
        end = this.ends[line];
        if (!(indent > parent || indent === parent && text[p] === "]")) giveUp();
      }
    };
    next();
    while (text[p] !== "]") {
      const item = flowScalar(text, p, end, false);
      seq.items.push(item);
      p = item.range[1];
      next();
      item.range[2] = p;
      if (text[p] === ",") {
        p++;
        next();
      } else if (text[p] !== "]") giveUp();
    }
    seq.range = [q, p + 1, p + 1];
    return { node: seq, end: p + 1, line };
  }
  /** `|` or `>`, with `-` (strip) or no chomping indicator, on line i at offset q. */
  blockScalar(i, q, parent) {
    const text = this.text;
    const end = this.ends[i];
    const header = /^([|>])(-?)( +#.*| *)$/.exec(text.slice(q, end));
    if (!header) giveUp();
    const folded = header[1] === ">";
    const strip = header[2] === "-";
    const n = this.kinds.length;
    let indent = -1;
    let lastContent = i;
    for (let k = i + 1; k < n; k++) {
      if (this.kinds[k] === LINE_BLANK) continue;
      const ind = this.indents[k];
      if (ind <= parent) break;
      if (indent === -1) indent = ind;
      else if (ind < indent) giveUp();
      lastContent = k;
    }
    const type = folded ? "BLOCK_FOLDED" : "BLOCK_LITERAL";
    const nextAfter = (k) => Math.min(this.ends[k] + 1, text.length);
    const limit = Math.max(indent === -1 ? parent : indent, 0);
    for (let k = i + 1; k < n && this.kinds[k] === LINE_BLANK; k++)
      if (this.ends[k] - this.starts[k] > limit) giveUp();
    if (indent === -1) {
      if (i + 1 < n && this.kinds[i + 1] === LINE_BLANK && this.ends[i + 1] < text.length)
        giveUp();
      const last = i;
      const s2 = new Scalar("");
      s2.type = type;
      s2.range = [q, nextAfter(last), nextAfter(last)];
      this.next = last + 1;
      return s2;
    }
    const parts = [];
    for (let l = i + 1; l <= lastContent; l++) {
      const blank2 = this.kinds[l] === LINE_BLANK && this.ends[l] - this.starts[l] <= indent;
      parts.push(blank2 ? "" : text.slice(this.starts[l] + indent, this.ends[l]));
    }
    for (let l = lastContent + 1; l < n && this.kinds[l] === LINE_BLANK; l++) {
      if (this.ends[l] - this.starts[l] > indent) giveUp();
    }
    let value = folded ? fold(parts) : parts.join("\n");
    const stopAt = nextAfter(lastContent);
    if (!strip) value += "\n";
    const s = new Scalar(value);
    s.type = type;
    s.range = [q, stopAt, stopAt];
    this.next = lastContent + 1;
    return s;
  }
};
function fold(parts) {
  let out = "";
  let pendingBreaks = 0;
  let started = false;
  for (const p of parts) {
    if (p === "") {
      pendingBreaks++;
      continue;
    }
    if (p.startsWith(" ") || p.startsWith("	")) giveUp();
    if (started) out += pendingBreaks > 0 ? "\n".repeat(pendingBreaks) : " ";
    else out += "\n".repeat(pendingBreaks);
    pendingBreaks = 0;
    out += p;
    started = true;
  }
  return out;
}
function nullAt(from, end) {
  const s = new Scalar(null);
  s.type = "PLAIN";
  s.range = [from, from, end];
  return s;
}
function collectionRange(start, last, next) {
  const end = last?.range?.[2] ?? start;
  return [start, end, next ?? end];
}
function plainScalar(source, from, to, end) {
  if (source.includes("	")) giveUp();
  const s = new Scalar(plainValue(source));
  s.type = "PLAIN";
  s.range = [from, to, end];
  return s;
}
function plainValue(source) {
  if (/^(?:~|[Nn]ull|NULL)?$/.test(source)) return null;
  if (/^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/.test(source))
    return source[0] === "t" || source[0] === "T";
  if (/^0o[0-7]+$/.test(source)) return parseInt(source.substring(2), 8);
  if (/^[-+]?[0-9]+$/.test(source)) return parseInt(source, 10);
  if (/^0x[0-9a-fA-F]+$/.test(source)) return parseInt(source.substring(2), 16);
  if (/^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/.test(source)) giveUp();
  if (/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/.test(source)) giveUp();
  if (/^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/.test(source)) return parseFloat(source);
  return source;
}
function quotedEnd(text, q, end) {
  const quote = text[q];
  let p = q + 1;
  for (; ; ) {
    const c = text.indexOf(quote, p);
    if (c === -1 || c >= end) giveUp();
    if (quote === "'" && text[c + 1] === "'") {
      p = c + 2;
      continue;
    }
    return c + 1;
  }
}
function quoted(text, from, to) {
  const inner = text.slice(from + 1, to - 1);
  const double = text[from] === '"';
  if (double && inner.includes("\\")) giveUp();
  if (inner.includes("	")) giveUp();
  const s = new Scalar(double ? inner : inner.replaceAll("''", "'"));
  s.type = double ? "QUOTE_DOUBLE" : "QUOTE_SINGLE";
  s.range = [from, to, to];
  return s;
}
function flow(text, q, end) {
  const node = new YAMLMap();
  node.flow = true;
  const keys = /* @__PURE__ */ new Set();
  let p = skipBlanks(text, q + 1);
  while (text[p] !== "}") {
    if (p >= end) giveUp();
    const key = flowScalar(text, p, end, true);
    const colon = key.range[1];
    if (text[colon] !== ":" || text[colon + 1] !== " ") giveUp();
    if (keys.has(key.value)) giveUp();
    keys.add(key.value);
    p = skipBlanks(text, colon + 1);
    const value = flowScalar(text, p, end, false);
    p = skipBlanks(text, value.range[1]);
    value.range[2] = p;
    node.items.push(new Pair(key, value));
    if (text[p] === ",") {
      p = skipBlanks(text, p + 1);
      if (text[p] === "}") giveUp();
    } else if (text[p] !== "}") giveUp();
  }
  if (p >= end) giveUp();
  node.range = [q, p + 1, p + 1];
  return { node, end: p + 1 };
}
function skipBlanks(text, p) {
  BLANKS.lastIndex = p;
  BLANKS.test(text);
  return BLANKS.lastIndex;
}
var FLOW_PLAIN = /[^\s,[\]{}#&*!|>'"%@`?:-][^,[\]{}#:\n]*/y;
function flowScalar(text, p, end, key) {
  const c = text[p];
  if (c === '"' || c === "'") {
    if (key) giveUp();
    return quoted(text, p, quotedEnd(text, p, end));
  }
  FLOW_PLAIN.lastIndex = p;
  if (!FLOW_PLAIN.test(text) || FLOW_PLAIN.lastIndex > end) giveUp();
  let e = FLOW_PLAIN.lastIndex;
  if (key) {
    if (text[e] !== ":") giveUp();
  } else {
    if (text[e] === ":") giveUp();
    while (e > p && text.charCodeAt(e - 1) === 32) e--;
  }
  if (text.charCodeAt(e - 1) === 32) giveUp();
  const s = plainScalar(text.slice(p, e), p, e, e);
  return s;
}

// src/analyzers/runtime/yaml-read.ts
function fromLite(contents) {
  return { contents, errors: [] };
}
function readYamlDocument(text, options = {}) {
  const uniqueKeys = options.uniqueKeys ?? true;
  const lite = fastReadersEnabled() ? readLiteYaml(text, { single: true, uniqueKeys }) : UNSURE;
  if (lite !== void 0) return fromLite(lite[0] ?? null);
  return parseDocument(text, { uniqueKeys });
}
function readYamlDocuments(text, options = {}) {
  const uniqueKeys = options.uniqueKeys ?? true;
  const lite = fastReadersEnabled() ? readLiteYaml(text, { single: false, uniqueKeys }) : UNSURE;
  if (lite !== void 0) return lite.map(fromLite);
  const docs = parseAllDocuments(text, { uniqueKeys });
  return Array.isArray(docs) ? docs : [];
}

// src/analyzers/godebug.ts
function splitGoDebug(value) {
  const fields = [];
  let start = 0;
  for (; ; ) {
    const comma = value.indexOf(",", start);
    const text = comma < 0 ? value.slice(start) : value.slice(start, comma);
    const eq = text.indexOf("=");
    fields.push({
      text,
      start,
      key: eq < 0 ? text : text.slice(0, eq),
      value: eq < 0 ? void 0 : text.slice(eq + 1)
    });
    if (comma < 0) break;
    start = comma + 1;
  }
  return fields;
}
function atoi32(s) {
  if (s === "") return void 0;
  let neg = false;
  let digits = s;
  if (digits[0] === "-") {
    neg = true;
    digits = digits.slice(1);
  }
  let n = 0n;
  for (const c of digits) {
    if (c < "0" || c > "9") return void 0;
    n = n * 10n + BigInt(c.charCodeAt(0) - 48);
    if (n > 1n << 63n) return void 0;
  }
  if (neg) n = -n;
  if (n < -(1n << 31n) || n > (1n << 31n) - 1n) return void 0;
  return Number(n);
}
var KEY2 = "madvdontneed";
function parseGoDebug(value) {
  const fields = splitGoDebug(value);
  let madvdontneed;
  let decidingField;
  const ignored = [];
  for (const f of fields) {
    if (f.value === void 0) continue;
    if (f.key === KEY2) {
      const n = atoi32(f.value);
      if (n !== void 0) {
        madvdontneed = n;
        decidingField = f;
        continue;
      }
    }
    const reason = classifyIgnored(f);
    if (reason) ignored.push({ field: f, reason });
  }
  return { fields, madvdontneed, decidingField, ignored };
}
function classifyIgnored(f) {
  const bareKey = f.key.replace(/^[\s"']+/, "").trimEnd();
  if (bareKey.toLowerCase() !== KEY2) return void 0;
  const value = f.value ?? "";
  if (/["'`]/.test(f.key) || /["'`]/.test(value)) return "quotes";
  if (f.key !== f.key.trim() || /^\s/.test(value)) return "space";
  if (bareKey !== KEY2) return "case";
  if (/\s/.test(value.trim()) || /\s/.test(value)) return "space-separated";
  return "not-integer";
}
function setsMadvDontNeed(value) {
  const p = parseGoDebug(value);
  return p.madvdontneed !== void 0 && p.madvdontneed !== 0;
}
function rewriteWithMadvDontNeed(raw) {
  const tokens2 = raw.replace(/["']/g, "").split(/[,;\s]+/).filter((t) => t !== "");
  const out = [];
  let lastMadv = -1;
  for (const t of tokens2) {
    const eq = t.indexOf("=");
    const key = eq < 0 ? t : t.slice(0, eq);
    if (key.toLowerCase() === KEY2) {
      lastMadv = out.length;
      out.push("");
      continue;
    }
    out.push(t);
  }
  if (lastMadv < 0) out.push(`${KEY2}=1`);
  else out[lastMadv] = `${KEY2}=1`;
  return out.filter((t) => t !== "").join(",");
}

// src/analyzers/runtime/run/site.ts
var Positions = class {
  constructor(text) {
    this.text = text;
    for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1))
      this.starts.push(i + 1);
    this.eol = text.includes("\r\n") ? "\r\n" : "\n";
  }
  starts = [0];
  eol;
  get lineCount() {
    return this.starts.length;
  }
  /** 0-based row of a UTF-16 offset. */
  row(offset) {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = lo + hi + 1 >> 1;
      if ((this.starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
  lineStart(row) {
    return this.starts[Math.min(row, this.starts.length - 1)] ?? 0;
  }
  /** The text of a 0-based row without its line terminator. */
  lineText(row) {
    const start = this.lineStart(row);
    const next = row + 1 < this.starts.length ? this.starts[row + 1] ?? 0 : this.text.length;
    return this.text.slice(start, next).replace(/\r?\n$/, "");
  }
  point(offset) {
    const row = this.row(offset);
    return { line: row + 1, column: utf8Length(this.text, this.lineStart(row), offset) + 1 };
  }
  span(from, to) {
    const a = this.point(from);
    const b = this.point(Math.max(from, to));
    return { line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
  }
  /** The whole of a 1-based line, without its terminator. */
  lineSpan(line) {
    const text = this.lineText(line - 1);
    const indent = /^\s*/.exec(text)?.[0].length ?? 0;
    return {
      line,
      column: utf8Length(text, 0, indent) + 1,
      endLine: line,
      endColumn: utf8Length(text) + 1
    };
  }
  /** An edit replacing [from, to) (UTF-16 offsets). */
  replace(file, from, to, text) {
    const s = this.span(from, to);
    return {
      file,
      startLine: s.line,
      startColumn: s.column,
      endLine: s.endLine,
      endColumn: s.endColumn,
      text
    };
  }
  /**
   * An edit adding whole lines after 0-based row `row`, written at that row's end: a review then
   * shows it as a suggestion on that row (the finding's line).
   */
  appendLines(file, row, lines) {
    const at = this.lineStart(row) + this.lineText(row).length;
    return this.replace(file, at, at, lines.map((l) => this.eol + l).join(""));
  }
  /** An edit inserting whole lines before 0-based row `row` (at the end of the file past the last). */
  insertLines(file, row, lines) {
    const body = lines.map((l) => l + this.eol).join("");
    const at = row < this.starts.length ? this.lineStart(row) : this.text.length;
    if (at < this.text.length) return this.replace(file, at, at, body);
    const pre = this.text === "" || this.text.endsWith("\n") ? "" : this.eol;
    return this.replace(file, this.text.length, this.text.length, pre + body);
  }
};
function continued(lines, row) {
  const parts = [];
  let i = row;
  let line = (lines[i] ?? "").replace(/\r$/, "");
  while (line.endsWith("\\") && i + 1 < lines.length) {
    parts.push(line.slice(0, -1));
    line = (lines[++i] ?? "").replace(/\r$/, "");
  }
  parts.push(line);
  return { text: parts.join(" "), lastRow: i };
}
function yamlScalarText(value, quote) {
  if (quote === "'" && !value.includes("'")) return `'${value}'`;
  if (quote === "" && /^[A-Za-z0-9_][A-Za-z0-9_.,=/-]*$/.test(value) && !/^(true|false|null|yes|no|on|off|~)$/i.test(value) && !/^[0-9.]+$/.test(value))
    return value;
  return JSON.stringify(value);
}
function imageName(ref) {
  let r = ref.trim();
  const at = r.indexOf("@");
  if (at >= 0) r = r.slice(0, at);
  const slash = r.lastIndexOf("/");
  const colon = r.lastIndexOf(":");
  if (colon > slash) r = r.slice(0, colon);
  const parts = r.split("/");
  const first = parts[0] ?? "";
  if (parts.length > 1 && (first.includes(".") || first.includes(":") || first === "localhost"))
    parts.shift();
  if (parts.length === 2 && parts[0] === "library") parts.shift();
  return parts.join("/").toLowerCase();
}
function isPlaceholder(ref) {
  return /\$\{?[A-Za-z_]|\{\{|<[A-Za-z_-]+>|__[A-Z_]+__/.test(ref);
}
function isSystemPath(path) {
  return /^\/(usr\/)?s?bin\//.test(path);
}
function basename(path) {
  const p = path.replace(/\/+$/, "");
  return p.slice(p.lastIndexOf("/") + 1);
}
function dirname(path) {
  const i = path.lastIndexOf("/");
  return i < 0 ? "" : path.slice(0, i);
}
function joinPath(dir, rel) {
  if (rel.startsWith("/")) return void 0;
  const parts = dir === "" ? [] : dir.split("/");
  for (const p of rel.split("/")) {
    if (p === "" || p === ".") continue;
    if (p === "..") {
      if (parts.length === 0) return void 0;
      parts.pop();
    } else parts.push(p);
  }
  return parts.join("/");
}
function readEnvFile(file, key) {
  let found;
  let offset = 0;
  const lines = file.text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? "";
    const line = raw.replace(/\r$/, "");
    const m = /^(\s*(?:export\s+)?)([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*/.exec(line);
    if (m && m[2] === key) {
      const start = (m[0] ?? "").length;
      let rest = line.slice(start);
      let quote = "";
      let from = offset + start;
      let to;
      if (rest.startsWith('"') || rest.startsWith("'")) {
        quote = rest[0];
        const close = rest.indexOf(quote, 1);
        rest = close < 0 ? rest.slice(1) : rest.slice(1, close);
        from += 1;
        to = from + rest.length;
      } else {
        const hash2 = rest.search(/\s#/);
        rest = (hash2 < 0 ? rest : rest.slice(0, hash2)).trimEnd();
        to = from + rest.length;
      }
      found = { value: rest, from, to, quote, line: i + 1 };
    }
    offset += raw.length + 1;
  }
  return found;
}
function envFileGoDebug(envFile, what, evidence) {
  const found = readEnvFile(envFile, "GODEBUG");
  if (!found) return void 0;
  const ep = new Positions(envFile.text);
  return {
    kind: "set",
    origin: {
      file: envFile.path,
      span: ep.lineSpan(found.line),
      value: found.value,
      what,
      evidence,
      // An unquoted value that gains a space needs quotes in .env syntax.
      rewrite: (value) => [
        ep.replace(
          envFile.path,
          found.from,
          found.to,
          found.quote === "" && /\s/.test(value) ? `"${value}"` : value
        )
      ]
    }
  };
}

// src/analyzers/runtime/run/yaml-nodes.ts
function scalarOf(node, text) {
  if (!isScalar(node) || !node.range) return void 0;
  const [from, to] = node.range;
  const block = node.type === "BLOCK_LITERAL" || node.type === "BLOCK_FOLDED";
  const quote = node.type === "QUOTE_DOUBLE" ? '"' : node.type === "QUOTE_SINGLE" ? "'" : "";
  const value = quote === "" && !block ? text.slice(from, to) : node.value === null || node.value === void 0 ? "" : String(node.value);
  return { value, from, to, quote, block };
}
function getIn(node, path) {
  let cur = node;
  for (const key of path) {
    if (!isMap(cur)) return void 0;
    cur = cur.get(key, true);
  }
  return cur;
}
function stringAt(node, path, text) {
  return scalarOf(getIn(node, path), text)?.value;
}
function mapsOf(node) {
  return isSeq(node) ? node.items.filter((i) => isMap(i)) : [];
}
function pairOf(map, key) {
  for (const item of map.items) {
    if (!isPair(item)) continue;
    const k = item.key;
    if (isScalar(k) && String(k.value) === key && k.range)
      return { keyFrom: k.range[0], valueNode: item.value };
  }
  return void 0;
}
var UNSURE2 = null;
function declaredKind(doc) {
  let first = true;
  for (let at = 0; at <= doc.length; ) {
    let end = doc.indexOf("\n", at);
    if (end === -1) end = doc.length;
    const line = doc.slice(at, doc.charCodeAt(end - 1) === 13 ? end - 1 : end);
    at = end + 1;
    if (/^\s*(#|$)/.test(line) || line.startsWith("%")) continue;
    if (line.startsWith(" ") || line.startsWith("	")) {
      if (first) return UNSURE2;
      continue;
    }
    first = false;
    const entry = /^-(?:[ \t]|$)/.test(line);
    if (!/^(?:-(?:[ \t]|$)|[A-Za-z0-9_])[^"'[\]{}]*$/.test(line)) return UNSURE2;
    if (entry) continue;
    if (!/^kind[ \t]*:/.test(line)) continue;
    const value = line.slice(line.indexOf(":") + 1).replace(/[ \t]+#.*$/, "").trim();
    return /^[A-Za-z][A-Za-z0-9]*$/.test(value) ? value : UNSURE2;
  }
  return void 0;
}
function blank(doc) {
  const head = doc.startsWith("\n") ? 1 : 0;
  const tail = doc.length > head && doc.endsWith("\n") ? 1 : 0;
  const inner = doc.length - head - tail;
  if (inner <= 0) return doc;
  return `${head ? "\n" : ""}#${" ".repeat(inner - 1)}${tail ? "\n" : ""}`;
}
var MARKER = /^(?:---|\.\.\.)(?=[ \t\r\n]|$)/gm;
function keepDocuments(text, wanted) {
  const parts = [];
  let from = 0;
  let blanked = false;
  const segment = (start, end, markerTail) => {
    const doc = text.slice(start, end);
    if (/[^ \t\r]/.test(markerTail.replace(/[ \t]#.*$/, "")) || wanted(declaredKind(doc))) {
      parts.push(doc);
      return;
    }
    parts.push(blank(doc));
    blanked = true;
  };
  let tail = "";
  MARKER.lastIndex = 0;
  for (let m = MARKER.exec(text); m; m = MARKER.exec(text)) {
    segment(from, m.index, tail);
    let lineEnd2 = text.indexOf("\n", m.index);
    if (lineEnd2 === -1) lineEnd2 = text.length;
    tail = text.slice(m.index + 3, lineEnd2);
    parts.push(text.slice(m.index, lineEnd2));
    from = lineEnd2;
    MARKER.lastIndex = lineEnd2;
  }
  segment(from, text.length, tail);
  return blanked ? parts.join("") : text;
}
function yamlDocuments(file, text, pos, wanted) {
  const docs = [];
  const errors = [];
  const templated = text.includes("{{");
  let all;
  try {
    const source = wanted ? keepDocuments(text, wanted) : text;
    all = readYamlDocuments(source, { uniqueKeys: false });
  } catch (e) {
    if (!templated)
      errors.push({
        file,
        line: 1,
        message: `invalid YAML: ${e instanceof Error ? e.message : String(e)}`
      });
    return { docs, errors };
  }
  for (const d of all) {
    if (d.errors.length === 0) {
      docs.push(d);
      continue;
    }
    if (templated) continue;
    const e = d.errors[0];
    const line = e.pos ? pos.point(e.pos[0]).line : 1;
    errors.push({
      file,
      line,
      message: `invalid YAML, document skipped: ${e.message.split("\n")[0] ?? ""}`
    });
  }
  return { docs, errors };
}

// src/analyzers/runtime/run/kubernetes.ts
var POD_SPEC = {
  Pod: ["spec"],
  Deployment: ["spec", "template", "spec"],
  StatefulSet: ["spec", "template", "spec"],
  DaemonSet: ["spec", "template", "spec"],
  ReplicaSet: ["spec", "template", "spec"],
  ReplicationController: ["spec", "template", "spec"],
  Job: ["spec", "template", "spec"],
  CronJob: ["spec", "jobTemplate", "spec", "template", "spec"],
  // Argo Rollouts and OpenShift share the Deployment shape.
  Rollout: ["spec", "template", "spec"],
  DeploymentConfig: ["spec", "template", "spec"],
  // Knative Serving and Cloud Run services.
  Service: ["spec", "template", "spec"]
};
function isWorkload(kind) {
  return typeof kind === "string" && Object.hasOwn(POD_SPEC, kind);
}
var workloadDocuments = (kind) => kind === UNSURE2 || isWorkload(kind);
var configMapDocuments = (kind) => kind === UNSURE2 || kind === "ConfigMap";
function isYamlManifestPath(path) {
  return /\.ya?ml$/i.test(path) && !/(^|\/)\.github\//.test(path);
}
function isComposePath(path) {
  const name = path.slice(path.lastIndexOf("/") + 1);
  return /^(docker-)?compose(\.[^/]+)?\.ya?ml$/.test(name);
}
function helmChartDir(path, ctx) {
  const i = path.lastIndexOf("/templates/");
  if (i < 0 && !path.startsWith("templates/")) return void 0;
  const dir = i < 0 ? "" : path.slice(0, i);
  return ctx.byPath.has(dir === "" ? "Chart.yaml" : `${dir}/Chart.yaml`) ? dir : void 0;
}
function configMaps(ctx) {
  const cached = ctx.cache.get("k8s-configmaps");
  if (cached) return cached;
  const out = /* @__PURE__ */ new Map();
  for (const f of ctx.files) {
    if (!isYamlManifestPath(f.path) || !/kind:\s*["']?ConfigMap/.test(f.text)) continue;
    const pos = new Positions(f.text);
    for (const doc of yamlDocuments(f.path, f.text, pos, configMapDocuments).docs) {
      const root = doc.contents;
      if (!isMap(root) || stringAt(root, ["kind"], f.text) !== "ConfigMap") continue;
      const name = stringAt(root, ["metadata", "name"], f.text);
      const data = getIn(root, ["data"]);
      if (!name || !isMap(data)) continue;
      const entry = { file: f.path, name, data: /* @__PURE__ */ new Map(), pos };
      for (const item of data.items) {
        const k = scalarOf(item.key, f.text);
        const v = scalarOf(item.value, f.text);
        if (k && v) entry.data.set(k.value, { ...v, keyFrom: k.from });
      }
      const list = out.get(name) ?? [];
      list.push(entry);
      out.set(name, list);
    }
  }
  ctx.cache.set("k8s-configmaps", out);
  return out;
}
function findConfigMap(ctx, name, fromFile) {
  const list = configMaps(ctx).get(name) ?? [];
  if (list.length <= 1) return list[0];
  return list.find((c) => c.file === fromFile) ?? list.find((c) => dirname(c.file) === dirname(fromFile));
}
var kubernetes = {
  format: "kubernetes",
  accepts: (file) => isYamlManifestPath(file.path) && !isComposePath(file.path) && file.text.includes("containers:"),
  read(file, ctx) {
    const sites = [];
    const errors = [];
    if (helmChartDir(file.path, ctx) !== void 0) return { sites, errors };
    const text = file.text;
    const pos = new Positions(text);
    const parsed = yamlDocuments(file.path, text, pos, workloadDocuments);
    errors.push(...parsed.errors);
    for (const doc of parsed.docs) {
      const root = doc.contents;
      if (!isMap(root)) continue;
      const kind = stringAt(root, ["kind"], text);
      if (!isWorkload(kind)) continue;
      const pod = getIn(root, POD_SPEC[kind]);
      if (!isMap(pod)) continue;
      const workload = `${kind} ${stringAt(root, ["metadata", "name"], text) ?? "(unnamed)"}`;
      const misplaced = initContainerSettings(file, pod, pos, workload);
      for (const c of mapsOf(pod.get("containers", true)))
        sites.push(containerSite(file, c, pos, workload, misplaced, ctx));
    }
    return { sites, errors };
  }
};
function initContainerSettings(file, pod, pos, workload) {
  const out = [];
  for (const c of mapsOf(pod.get("initContainers", true))) {
    for (const e of mapsOf(c.get("env", true))) {
      if (stringAt(e, ["name"], file.text) !== "GODEBUG") continue;
      const v = scalarOf(e.get("value", true), file.text);
      if (!v || !setsMadvDontNeed(v.value) || !e.range) continue;
      const name = stringAt(c, ["name"], file.text) ?? "";
      out.push({
        file: file.path,
        span: pos.span(e.range[0], v.to),
        message: `GODEBUG=${v.value} is set on initContainer ${name} of ${workload}: an init container is a separate process that exits before the app containers start, so their binaries never see it.`
      });
    }
  }
  return out;
}
function containerSite(file, c, pos, workload, misplaced, ctx) {
  const text = file.text;
  const name = stringAt(c, ["name"], text) ?? "(unnamed)";
  const label = `container ${name} of ${workload}`;
  const imagePair = pairOf(c, "image");
  const image = scalarOf(imagePair?.valueNode, text);
  const anchorFrom = imagePair?.keyFrom ?? c.range?.[0] ?? 0;
  const anchor = pos.span(anchorFrom, image?.to ?? anchorFrom);
  const env = c.get("env", true);
  const godebug = effectiveGoDebug(file, c, pos, label, ctx);
  return {
    format: "kubernetes",
    file: file.path,
    anchor,
    label,
    // No image: a kustomize patch of a container defined elsewhere, linked like a placeholder.
    targets: [
      {
        kind: "image",
        ref: image?.value ?? "",
        placeholder: image ? isPlaceholder(image.value) : true,
        line: anchor.line
      }
    ],
    godebug,
    precedence: "Kubernetes env replaces the image's GODEBUG; env beats envFrom",
    misplaced,
    add: godebug.kind === "unset" ? addEnvEdits(file, c, env, pos, image) : void 0,
    inheritsImage: true
  };
}
function effectiveGoDebug(file, c, pos, label, ctx) {
  const text = file.text;
  const vars = /* @__PURE__ */ new Map();
  let fromEnv;
  for (const e of mapsOf(c.get("env", true))) {
    const key = stringAt(e, ["name"], text);
    if (!key) continue;
    const v = scalarOf(e.get("value", true), text);
    const ref = getIn(e, ["valueFrom", "configMapKeyRef"]);
    let state;
    if (v) {
      const expanded = expandRefs(v.value, vars);
      vars.set(key, expanded);
      if (key !== "GODEBUG") continue;
      if (expanded === void 0) {
        state = {
          kind: "unknown",
          file: file.path,
          line: pos.point(e.range?.[0] ?? 0).line,
          reason: `GODEBUG refers to a variable set outside the manifest`
        };
      } else {
        const origin = {
          file: file.path,
          span: pos.span(e.range?.[0] ?? v.from, v.to),
          value: expanded,
          what: `env of ${label}`,
          evidence: [],
          // The edit starts at the entry, as the finding does, so a review can suggest it.
          rewrite: v.block || v.value.includes("$(") ? void 0 : (value) => {
            const from = Math.min(e.range?.[0] ?? v.from, v.from);
            const kept = text.slice(from, v.from);
            return [
              pos.replace(file.path, from, v.to, kept + yamlScalarText(value, v.quote))
            ];
          }
        };
        state = { kind: "set", origin };
      }
    } else if (isMap(ref)) {
      const cmName = stringAt(ref, ["name"], text) ?? "";
      const cmKey = stringAt(ref, ["key"], text) ?? "";
      const cm = findConfigMap(ctx, cmName, file.path);
      const entry = cm?.data.get(cmKey);
      vars.set(key, entry?.value);
      if (key !== "GODEBUG") continue;
      state = cm && entry ? {
        kind: "set",
        origin: configMapOrigin(
          cm,
          cmKey,
          entry,
          `ConfigMap ${cmName} key ${cmKey} (configMapKeyRef of ${label})`,
          {
            file: file.path,
            line: pos.point(e.range?.[0] ?? 0).line,
            message: `${label} takes GODEBUG from ConfigMap ${cmName} key ${cmKey}`
          }
        )
      } : {
        kind: "unknown",
        file: file.path,
        line: pos.point(e.range?.[0] ?? 0).line,
        reason: `GODEBUG comes from ConfigMap ${cmName} key ${cmKey}, which is not in the repository`
      };
    } else {
      vars.set(key, void 0);
      if (key !== "GODEBUG") continue;
      state = {
        kind: "unknown",
        file: file.path,
        line: pos.point(e.range?.[0] ?? 0).line,
        reason: `GODEBUG comes from a Secret or field reference that is not in the repository`
      };
    }
    fromEnv = state;
  }
  if (fromEnv) return fromEnv;
  let fromSources = { kind: "unset" };
  for (const s of mapsOf(c.get("envFrom", true))) {
    const prefix = stringAt(s, ["prefix"], text) ?? "";
    const line = pos.point(s.range?.[0] ?? 0).line;
    const cmRef = s.get("configMapRef", true);
    if (isMap(cmRef)) {
      const cmName = stringAt(cmRef, ["name"], text) ?? "";
      const cm = findConfigMap(ctx, cmName, file.path);
      if (!cm) {
        fromSources = {
          kind: "unknown",
          file: file.path,
          line,
          reason: `envFrom ConfigMap ${cmName} is not in the repository and may set GODEBUG`
        };
        continue;
      }
      if (!prefix || "GODEBUG".startsWith(prefix)) {
        const key = "GODEBUG".slice(prefix.length);
        const entry = cm.data.get(key);
        if (entry)
          fromSources = {
            kind: "set",
            origin: configMapOrigin(cm, key, entry, `ConfigMap ${cmName} (envFrom of ${label})`, {
              file: file.path,
              line,
              message: `${label} takes its environment from ConfigMap ${cmName} (envFrom)`
            })
          };
      }
      continue;
    }
    if (isMap(s.get("secretRef", true))) {
      const secret = stringAt(s, ["secretRef", "name"], text) ?? "";
      fromSources = {
        kind: "unknown",
        file: file.path,
        line,
        reason: `envFrom Secret ${secret} is not in the repository and may set GODEBUG`
      };
    }
  }
  return fromSources;
}
function configMapOrigin(cm, key, entry, what, ref) {
  return {
    evidence: [ref],
    file: cm.file,
    span: cm.pos.span(entry.keyFrom, entry.to),
    value: entry.value,
    what,
    rewrite: entry.block ? void 0 : (value) => [
      cm.pos.replace(cm.file, entry.from, entry.to, yamlScalarText(value, entry.quote))
    ]
  };
}
function expandRefs(value, vars) {
  let unknown = false;
  const out = value.replace(
    /\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g,
    (m, name) => {
      if (m === "$$") return "$";
      if (!name || !vars.has(name)) return m;
      const v = vars.get(name);
      if (v === void 0) unknown = true;
      return v ?? "";
    }
  );
  return unknown ? void 0 : out;
}
function addEnvEdits(file, c, env, pos, image) {
  if (c.flow || !c.range) return void 0;
  if (isSeq(env)) {
    const first = env.items[0];
    if (env.flow || !isMap(first) || !first.range) return void 0;
    const row = pos.row(first.range[0]);
    const line = pos.lineText(row);
    const dash = line.search(/-\s/);
    const keyCol = first.range[0] - pos.lineStart(row);
    if (dash < 0 || dash >= keyCol) return void 0;
    const pad2 = " ".repeat(dash);
    const inner = " ".repeat(keyCol - dash);
    return [
      pos.insertLines(file.path, row, [
        `${pad2}-${inner.slice(1)}name: GODEBUG`,
        `${pad2}${inner}value: madvdontneed=1`
      ])
    ];
  }
  if (env !== void 0 && env !== null) return void 0;
  if (!image || image.block || pos.row(image.from) !== pos.row(image.to)) return void 0;
  const indent = c.range[0] - pos.lineStart(pos.row(c.range[0]));
  const pad = " ".repeat(indent);
  return [
    pos.appendLines(file.path, pos.row(image.to), [
      `${pad}env:`,
      `${pad}  - name: GODEBUG`,
      `${pad}    value: madvdontneed=1`
    ])
  ];
}

// src/analyzers/runtime/run/systemd.ts
function splitWords(s) {
  const out = [];
  let i = 0;
  while (i < s.length) {
    while (i < s.length && /\s/.test(s[i])) i++;
    if (i >= s.length) break;
    const from = i;
    let word = "";
    while (i < s.length && !/\s/.test(s[i])) {
      const ch = s[i];
      if (ch === '"' || ch === "'") {
        const close = s.indexOf(ch, i + 1);
        const end = close < 0 ? s.length : close;
        word += s.slice(i + 1, end);
        i = end + 1;
      } else if (ch === "\\" && i + 1 < s.length) {
        word += s[i + 1];
        i += 2;
      } else {
        word += ch;
        i++;
      }
    }
    out.push({ word, from, to: Math.min(i, s.length) });
  }
  return out;
}
function directives(file) {
  const out = [];
  const text = file.text;
  const pos = new Positions(text);
  const lines = text.split("\n");
  let section = "";
  let headerRow = -1;
  let offset = 0;
  for (let i = 0; i < lines.length; i++) {
    const start = offset;
    const raw = lines[i] ?? "";
    offset += raw.length + 1;
    const line = raw.replace(/\r$/, "");
    const trimmed = line.trim();
    if (trimmed === "" || trimmed.startsWith("#") || trimmed.startsWith(";")) continue;
    const h = /^\[([^\]]+)\]\s*$/.exec(trimmed);
    if (h) {
      section = h[1] ?? "";
      headerRow = i;
      continue;
    }
    const m = /^\s*([A-Za-z][A-Za-z0-9]*)\s*=\s*/.exec(line);
    if (!m) continue;
    const valueFrom = start + m[0].length;
    const first = i;
    let end = start + line.length;
    const joined = continued(lines, i);
    const value = joined.text.slice(m[0].length);
    for (let k = i + 1; k <= joined.lastRow; k++) {
      const next = lines[k] ?? "";
      end = offset + next.replace(/\r$/, "").length;
      offset += next.length + 1;
    }
    i = joined.lastRow;
    out.push({
      section,
      headerRow,
      d: { key: m[1] ?? "", value, valueFrom, line: first + 1, end },
      file: file.path,
      pos
    });
  }
  return out;
}
function findEnvironmentFile(path, ctx) {
  const parts = path.split("/").filter((p) => p !== "" && p !== ".");
  const name = parts.at(-1);
  if (name === void 0) return void 0;
  let byName = ctx.cache.get("files-by-name");
  if (!byName) {
    byName = /* @__PURE__ */ new Map();
    for (const f of ctx.files) {
      const n = basename(f.path);
      const list = byName.get(n) ?? [];
      list.push(f);
      byName.set(n, list);
    }
    ctx.cache.set("files-by-name", byName);
  }
  let best;
  for (const f of byName.get(name) ?? []) {
    const fp = f.path.split("/");
    if (fp.length < parts.length) continue;
    if (!parts.every((p, i) => fp[fp.length - parts.length + i] === p)) continue;
    if (!best || f.path.length < best.path.length) best = f;
  }
  return best;
}
var systemd = {
  format: "systemd",
  accepts: (file) => file.path.endsWith(".service") && file.text.includes("ExecStart"),
  read(file, ctx) {
    const errors = [];
    const dropIns = ctx.files.filter((f) => f.path.startsWith(`${file.path}.d/`) && f.path.endsWith(".conf")).sort((x, y) => basename(x.path) < basename(y.path) ? -1 : 1);
    const all = [file, ...dropIns].flatMap((f) => directives(f)).filter((x) => x.section === "Service");
    const exec = all.filter((x) => x.d.key === "ExecStart").at(-1);
    if (!exec) return { sites: [], errors };
    const unit = basename(file.path);
    const label = `systemd unit ${unit}`;
    const misplaced = [];
    let state = { kind: "unset" };
    for (const { d, file: at, pos: p } of all) {
      if (d.key === "Environment") {
        for (const w of splitWords(d.value)) {
          const eq = w.word.indexOf("=");
          if (eq < 0 || w.word.slice(0, eq) !== "GODEBUG") continue;
          const value = w.word.slice(eq + 1);
          const from = d.valueFrom + w.from;
          const to = d.valueFrom + w.to;
          state = {
            kind: "set",
            origin: {
              file: at,
              span: p.lineSpan(d.line),
              value,
              what: `Environment= of ${label}${at === file.path ? "" : ` (drop-in ${at})`}`,
              evidence: [],
              rewrite: (v) => [
                p.replace(at, from, to, /\s/.test(v) ? `"GODEBUG=${v}"` : `GODEBUG=${v}`)
              ]
            }
          };
        }
      } else if (d.key === "ExecStartPre" || d.key === "ExecStartPost" || d.key === "ExecReload") {
        const m = /\bGODEBUG=("[^"]*"|'[^']*'|\S*)/.exec(d.value);
        const v = m?.[1]?.replace(/^["']|["']$/g, "");
        if (v !== void 0 && setsMadvDontNeed(v))
          misplaced.push({
            file: at,
            span: p.lineSpan(d.line),
            message: `GODEBUG=${v} in ${d.key}= applies to that command only, not to the ExecStart= process.`
          });
      }
    }
    for (const { d, file: at } of all) {
      if (d.key !== "EnvironmentFile") continue;
      const path = d.value.trim().replace(/^-/, "");
      const envFile = findEnvironmentFile(path, ctx);
      if (!envFile) {
        state = {
          kind: "unknown",
          file: at,
          line: d.line,
          reason: `EnvironmentFile=${path} is not in the repository and may set GODEBUG`
        };
        continue;
      }
      const set2 = envFileGoDebug(envFile, `EnvironmentFile=${path} of ${label}`, [
        { file: at, line: d.line, message: `${label} reads EnvironmentFile=${path}` }
      ]);
      if (!set2) continue;
      state = set2;
    }
    const words = splitWords(exec.d.value);
    let i = 0;
    if (words[0]) words[0] = { ...words[0], word: words[0].word.replace(/^[-@:+!]+/, "") };
    let wrapper;
    if (words[0] && basename(words[0].word) === "env") {
      i = 1;
      while (i < words.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i].word)) {
        const w = words[i];
        if (w.word.startsWith("GODEBUG=")) {
          const from = exec.d.valueFrom + w.from;
          const to = exec.d.valueFrom + w.to;
          const xp = exec.pos;
          wrapper = {
            file: exec.file,
            span: xp.lineSpan(exec.d.line),
            value: w.word.slice("GODEBUG=".length),
            what: `the env wrapper in ExecStart= of ${label}`,
            evidence: [],
            rewrite: (v) => [
              xp.replace(exec.file, from, to, /\s/.test(v) ? `"GODEBUG=${v}"` : `GODEBUG=${v}`)
            ]
          };
        }
        i++;
      }
    }
    if (wrapper) state = { kind: "set", origin: wrapper };
    const binary = words[i]?.word;
    const add = state.kind === "unset" ? [
      // Just before ExecStart=, inside [Service]: a review can suggest it on that line.
      exec.pos.insertLines(exec.file, exec.d.line - 1, [
        "Environment=GODEBUG=madvdontneed=1"
      ])
    ] : void 0;
    const site = {
      format: "systemd",
      file: exec.file,
      anchor: exec.pos.lineSpan(exec.d.line),
      label,
      targets: binary ? [
        {
          kind: "binary",
          name: basename(binary),
          line: exec.d.line,
          system: isSystemPath(binary)
        }
      ] : [],
      godebug: state,
      precedence: "systemd: EnvironmentFile= overrides Environment=; an env wrapper in ExecStart= beats both",
      misplaced,
      add,
      inheritsImage: false
    };
    return { sites: [site], errors };
  }
};

// src/analyzers/runtime/link.ts
function dockerBuildCommands(file) {
  const out = [];
  if (!file.text.includes("docker") || !/\bbuild\b/.test(file.text)) return out;
  const lines = file.text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const first = i;
    const joined = continued(lines, i);
    const line = joined.text;
    i = joined.lastRow;
    const m = /\bdocker\s+(?:buildx\s+)?build\s+(.*)$/.exec(line);
    if (!m) continue;
    const words = splitWords((m[1] ?? "").replace(/[;&|].*$/, "")).map((w) => w.word);
    const tags = [];
    let dockerfile;
    let target;
    let context;
    for (let k = 0; k < words.length; k++) {
      const w = words[k];
      const opt = /^(-t|--tag|-f|--file|--target)(?:=(.*))?$/.exec(w);
      if (opt) {
        const v = opt[2] ?? words[++k] ?? "";
        if (opt[1] === "-t" || opt[1] === "--tag") tags.push(v);
        else if (opt[1] === "--target") target = v;
        else dockerfile = v;
      } else if (/^--?[a-z]/.test(w)) {
        if (!w.includes("=") && /^--(build-arg|platform|label|cache-from|cache-to|secret|ssh|output|progress|network|add-host)$/.test(
          w
        ))
          k++;
        else if (/^-[a-z]$/.test(w) && w !== "-q") k++;
      } else context = w;
    }
    const ctxDir = joinPath(
      dirname(file.path).startsWith(".github") ? "" : dirname(file.path),
      context ?? "."
    ) ?? "";
    const df = dockerfile !== void 0 ? joinPath(
      dirname(file.path).startsWith(".github") ? "" : dirname(file.path),
      dockerfile
    ) ?? "" : joinPath(ctxDir, "Dockerfile") ?? "";
    out.push({
      dockerfile: df,
      tags,
      target: target?.toLowerCase(),
      source: { file: file.path, line: first + 1, how: "docker build -t" }
    });
  }
  return out;
}
function buildPushSteps(file) {
  const out = [];
  if (!file.text.includes("docker/build-push-action")) return out;
  const doc = readYamlDocument(file.text);
  if (doc.errors.length > 0) return out;
  const jobs = getIn(doc.contents, ["jobs"]);
  if (!isMap(jobs)) return out;
  const pos = new Positions(file.text);
  const lineOf = (offset) => pos.point(offset).line;
  for (const pair of jobs.items) {
    const steps = mapsOf(getIn(pair.value, ["steps"]));
    const metaImages = [];
    for (const step of steps) {
      const uses = stringAt(step, ["uses"], file.text) ?? "";
      if (uses.startsWith("docker/metadata-action")) {
        const images = scalarOf(getIn(step, ["with", "images"]), file.text)?.value ?? "";
        metaImages.push(
          ...images.split(/[\n,]/).map((s) => s.trim().split(",")[0] ?? "").filter((s) => s && !s.startsWith("#"))
        );
      }
      if (!uses.startsWith("docker/build-push-action")) continue;
      const w = getIn(step, ["with"]);
      const tagsNode = getIn(w, ["tags"]);
      const tagsText = isSeq(tagsNode) ? tagsNode.items.map((n) => scalarOf(n, file.text)?.value ?? "").join("\n") : scalarOf(tagsNode, file.text)?.value ?? "";
      let tags = tagsText.split(/[\n,]/).map((t) => t.trim()).filter((t) => t !== "");
      if (tags.every((t) => t.includes("${{"))) tags = [...tags, ...metaImages];
      const context = stringAt(w, ["context"], file.text) ?? ".";
      const dfile = stringAt(w, ["file"], file.text);
      const ctxDir = joinPath("", context.replace(/^\{\{\s*defaultContext\s*\}\}:?/, "") || ".") ?? "";
      const df = dfile !== void 0 ? joinPath("", dfile) ?? "" : joinPath(ctxDir, "Dockerfile") ?? "";
      const target = stringAt(w, ["target"], file.text);
      out.push({
        dockerfile: df,
        tags,
        target: target?.toLowerCase(),
        source: {
          file: file.path,
          line: lineOf(step.range?.[0] ?? 0),
          how: "docker/build-push-action tags"
        }
      });
    }
  }
  return out;
}
function skaffoldArtifacts(file) {
  const out = [];
  if (!/(^|\/)skaffold[^/]*\.ya?ml$/.test(file.path) || !file.text.includes("artifacts"))
    return out;
  const pos = new Positions(file.text);
  const lineOf = (offset) => pos.point(offset).line;
  const artifacts = readYamlDocuments(file.text).filter((d) => d.errors.length === 0).flatMap((d) => [
    ...mapsOf(getIn(d.contents, ["build", "artifacts"])),
    ...mapsOf(getIn(d.contents, ["profiles"])).flatMap(
      (p) => mapsOf(getIn(p, ["build", "artifacts"]))
    )
  ]);
  for (const a of artifacts) {
    const image = stringAt(a, ["image"], file.text);
    if (!image) continue;
    const ctxDir = joinPath(dirname(file.path), stringAt(a, ["context"], file.text) ?? ".") ?? "";
    const df = joinPath(ctxDir, stringAt(a, ["docker", "dockerfile"], file.text) ?? "Dockerfile") ?? "";
    const ko = getIn(a, ["ko"]) !== void 0;
    out.push({
      dockerfile: ko ? "" : df,
      koDir: ko ? ctxDir : void 0,
      tags: [image],
      target: stringAt(a, ["docker", "target"], file.text)?.toLowerCase(),
      source: { file: file.path, line: lineOf(a.range?.[0] ?? 0), how: "Skaffold build.artifacts" }
    });
  }
  return out;
}
function composeBuilds(file) {
  const out = [];
  if (!isComposePath(file.path) || !file.text.includes("build")) return out;
  const doc = readYamlDocument(file.text);
  if (doc.errors.length > 0) return out;
  const services = getIn(doc.contents, ["services"]);
  if (!isMap(services)) return out;
  const pos = new Positions(file.text);
  const lineOf = (offset) => pos.point(offset).line;
  for (const item of services.items) {
    const svc = item.value;
    if (!isMap(svc)) continue;
    const build3 = svc.get("build", true);
    const image = stringAt(svc, ["image"], file.text);
    if (build3 === void 0) continue;
    const context = isMap(build3) ? stringAt(build3, ["context"], file.text) : scalarOf(build3, file.text)?.value;
    const ctxDir = joinPath(dirname(file.path), context ?? ".") ?? "";
    const dfile = isMap(build3) ? stringAt(build3, ["dockerfile"], file.text) : void 0;
    const target = isMap(build3) ? stringAt(build3, ["target"], file.text) : void 0;
    out.push({
      dockerfile: joinPath(ctxDir, dfile ?? "Dockerfile") ?? "",
      tags: image ? [image] : [],
      target: target?.toLowerCase(),
      source: {
        file: file.path,
        line: lineOf(svc.range?.[0] ?? 0),
        how: "Compose image beside build"
      }
    });
  }
  return out;
}
function goBuildOutputs(text) {
  const out = [];
  if (!text.includes("go build")) return out;
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const m = /\bgo\s+build\b[^\n]*?\s-o[=\s]\s*["']?([^\s"';&|]+)/.exec(lines[i] ?? "");
    if (m && m[1] && !m[1].endsWith("/")) out.push({ name: basename(m[1]), line: i + 1 });
  }
  return out;
}
function dockerBuildRecords(workflows, runFiles) {
  const docker = [];
  const each = (f, read) => {
    try {
      docker.push(...read(f));
    } catch {
    }
  };
  for (const f of workflows) {
    each(f, dockerBuildCommands);
    each(f, buildPushSteps);
  }
  for (const f of runFiles) {
    if (/(^|\/)(Makefile|[^/]*\.mk|[^/]*\.sh)$/.test(f.path)) each(f, dockerBuildCommands);
    each(f, composeBuilds);
    each(f, skaffoldArtifacts);
  }
  return docker;
}
function dockerfileTargets(records) {
  const out = /* @__PURE__ */ new Map();
  for (const r of records) {
    if (r.koDir !== void 0) continue;
    const t = out.get(r.dockerfile) ?? { targets: /* @__PURE__ */ new Set(), untargeted: false };
    if (r.target) t.targets.add(r.target);
    else t.untargeted = true;
    out.set(r.dockerfile, t);
  }
  return out;
}
function kustomizeAliases(files) {
  const out = /* @__PURE__ */ new Map();
  for (const f of files) {
    if (!/(^|\/)kustomization\.ya?ml$/.test(f.path) || !f.text.includes("newName")) continue;
    try {
      const doc = readYamlDocument(f.text);
      if (doc.errors.length > 0) continue;
      const pos = new Positions(f.text);
      for (const m of mapsOf(getIn(doc.contents, ["images"]))) {
        const from = stringAt(m, ["name"], f.text);
        const to = stringAt(m, ["newName"], f.text);
        if (!from || !to || out.has(imageName(from))) continue;
        out.set(imageName(from), {
          name: imageName(to),
          source: {
            file: f.path,
            line: pos.point(m.range?.[0] ?? 0).line,
            how: "kustomize images newName"
          }
        });
      }
    } catch {
    }
  }
  return out;
}
function collectBuilds(inputs) {
  const builds = inputs.units.map((unit) => ({
    unit,
    images: /* @__PURE__ */ new Map(),
    binaries: /* @__PURE__ */ new Map(),
    targets: /* @__PURE__ */ new Set(),
    untargeted: false
  }));
  const byDockerfile = /* @__PURE__ */ new Map();
  for (const b of builds) {
    if (!b.unit.dockerfile) continue;
    const list = byDockerfile.get(b.unit.dockerfile.file) ?? [];
    list.push(b);
    byDockerfile.set(b.unit.dockerfile.file, list);
  }
  const byModule = (file) => {
    let best;
    for (const b of builds) {
      const m = b.unit.module;
      if (!m) continue;
      const d = dirname(m.file);
      if ((d === "" || file === d || file.startsWith(`${d}/`)) && (!best || d.length > dirname(best.unit.module.file).length))
        best = b;
    }
    return best;
  };
  for (const d of inputs.records) {
    const b = d.koDir !== void 0 ? byModule(d.koDir) : buildForStage(byDockerfile.get(d.dockerfile) ?? [], d.target);
    if (!b) continue;
    for (const t of d.tags) {
      const name = imageName(t);
      if (name && !isPlaceholder(name) && !b.images.has(name)) b.images.set(name, d.source);
    }
  }
  for (const df of inputs.dockerfiles) {
    const b = byDockerfile.get(df.file)?.[0];
    for (const o of goBuildOutputs(df.text))
      b?.binaries.set(o.name, { file: df.file, line: o.line, how: "go build -o" });
  }
  for (const f of [...inputs.workflows, ...inputs.runFiles]) {
    for (const o of goBuildOutputs(f.text)) {
      const b = byModule(dirname(f.path)) ?? (builds.length === 1 ? builds[0] : void 0);
      if (b && !b.binaries.has(o.name))
        b.binaries.set(o.name, { file: f.path, line: o.line, how: "go build -o" });
    }
  }
  for (const p of inputs.goPaths) {
    if (basename(p) !== "main.go") continue;
    const dir = dirname(p);
    const b = byModule(dir);
    if (!b) continue;
    const name = dir === dirname(b.unit.module.file) ? basename(b.unit.module.module ?? dir) : basename(dir);
    if (name && !b.binaries.has(name))
      b.binaries.set(name, { file: p, line: 1, how: "main package folder" });
  }
  const byImage = /* @__PURE__ */ new Map();
  const byBinary = /* @__PURE__ */ new Map();
  for (const b of builds) {
    for (const n of b.images.keys()) if (!byImage.has(n)) byImage.set(n, b);
    for (const n of b.binaries.keys()) if (!byBinary.has(n)) byBinary.set(n, b);
  }
  const aliases = kustomizeAliases(inputs.runFiles);
  return { list: builds, byImage, byBinary, byDockerfile, aliases };
}
function buildForStage(list, stage) {
  return list.find(
    (b) => stage === void 0 ? b.unit.stage === void 0 : b.unit.stage?.name === stage
  ) ?? list.find((b) => b.unit.stage === void 0) ?? list[0];
}
function linkSite(site, index) {
  const builds = index.list;
  const single = builds.length === 1 ? builds[0] : void 0;
  for (const t of site.targets) {
    if (t.kind === "dockerfile") {
      const b = buildForStage(index.byDockerfile.get(t.path) ?? [], t.stage);
      if (b)
        return {
          build: b,
          stage: t.stage,
          how: `runs ${t.path}${t.stage ? ` (target ${t.stage})` : ""}`,
          file: site.file,
          line: t.line
        };
    }
  }
  for (const t of site.targets) {
    if (t.kind === "image") {
      const ko = /^ko:\/\/(.+)$/.exec(t.ref.trim());
      if (ko) {
        const path = ko[1] ?? "";
        const b2 = builds.find((x) => {
          const mod = x.unit.module?.module;
          return mod !== void 0 && (path === mod || path.startsWith(`${mod}/`));
        });
        if (b2)
          return {
            build: b2,
            stage: void 0,
            how: `ko://${path} is built from module ${b2.unit.module?.module}`,
            file: site.file,
            line: t.line
          };
        continue;
      }
      const written = imageName(t.ref);
      const alias = index.aliases.get(written);
      const name = alias?.name ?? written;
      const renamed = alias ? ` (${written} is renamed to ${name} by ${alias.source.how} in ${alias.source.file}:${alias.source.line})` : "";
      const b = index.byImage.get(name);
      const src = b?.images.get(name);
      if (b && src)
        return {
          build: b,
          stage: void 0,
          how: `image ${name} is built from ${b.unit.dockerfile?.file ?? "this module"} (${src.how} in ${src.file}:${src.line})${renamed}`,
          file: src.file,
          line: src.line
        };
      if (single) {
        if (t.placeholder)
          return {
            build: single,
            stage: void 0,
            how: t.ref === "" ? "it names no image (a patch or an override of one defined elsewhere) and the repository builds one image" : `the image ${t.ref} is a placeholder and the repository builds one image`,
            file: site.file,
            line: t.line
          };
        const last = name.slice(name.lastIndexOf("/") + 1);
        for (const [n, src2] of single.images) {
          if (n.slice(n.lastIndexOf("/") + 1) === last)
            return {
              build: single,
              stage: void 0,
              how: `image ${name} has the name of the one image the repository builds, ${n} (${src2.how} in ${src2.file}:${src2.line})`,
              file: src2.file,
              line: src2.line
            };
        }
        if (single.images.size === 0) {
          const src2 = single.binaries.get(last);
          if (src2)
            return {
              build: single,
              stage: void 0,
              how: `image ${name} is named after ${last}, the binary of the one build, which the repository names no image for (${src2.how} in ${src2.file}:${src2.line})`,
              file: src2.file,
              line: src2.line
            };
        }
      }
    } else if (t.kind === "binary") {
      const b = index.byBinary.get(t.name);
      const src = b?.binaries.get(t.name);
      if (b && src)
        return {
          build: b,
          stage: void 0,
          how: `binary ${t.name} (${src.how} in ${src.file}:${src.line})`,
          file: src.file,
          line: src.line
        };
      if (single && !t.system)
        return {
          build: single,
          stage: void 0,
          how: `the repository builds one binary`,
          file: site.file,
          line: t.line
        };
    }
  }
  return void 0;
}

// src/analyzers/runtime/run/compose.ts
var compose = {
  format: "compose",
  accepts: (file) => isComposePath(file.path) && file.text.includes("services"),
  read(file, ctx) {
    const sites = [];
    const errors = [];
    const pos = new Positions(file.text);
    const parsed = yamlDocuments(file.path, file.text, pos);
    errors.push(...parsed.errors);
    const root = parsed.docs[0]?.contents;
    const services = isMap(root) ? root.get("services", true) : void 0;
    if (!isMap(services)) return { sites, errors };
    for (const item of services.items) {
      const key = scalarOf(item.key, file.text);
      if (!key || !isMap(item.value)) continue;
      sites.push(serviceSite(file, key.value, key.from, key.to, item.value, pos, ctx));
    }
    return { sites, errors };
  }
};
function interpolate(value) {
  let unknown = false;
  const out = value.replace(
    /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (m, _n, op, def) => {
      if (m === "$$") return "$";
      if (op === ":-" || op === "-") return def ?? "";
      unknown = true;
      return m;
    }
  );
  return unknown ? void 0 : out;
}
function serviceSite(file, name, keyFrom, keyTo, svc, pos, ctx) {
  const text = file.text;
  const dir = dirname(file.path);
  const label = `Compose service ${name}`;
  const targets = [];
  const keyLine = pos.point(keyFrom).line;
  const build3 = svc.get("build", true);
  const misplaced = [];
  if (build3 !== void 0) {
    const context = isMap(build3) ? stringAt(build3, ["context"], text) : scalarOf(build3, text)?.value;
    const dockerfile = isMap(build3) ? stringAt(build3, ["dockerfile"], text) : void 0;
    const target = isMap(build3) ? stringAt(build3, ["target"], text) : void 0;
    const ctxDir = joinPath(dir, context ?? ".");
    const df = ctxDir === void 0 ? void 0 : joinPath(ctxDir, dockerfile ?? "Dockerfile");
    if (df !== void 0)
      targets.push({ kind: "dockerfile", path: df, stage: target?.toLowerCase(), line: keyLine });
    const args = isMap(build3) ? build3.get("args", true) : void 0;
    for (const a of entries(args, text)) {
      if (a.key !== "GODEBUG" || a.value === void 0 || !setsMadvDontNeed(a.value)) continue;
      misplaced.push({
        file: file.path,
        span: pos.span(a.from, a.to),
        message: `GODEBUG=${a.value} in ${label}'s build.args is a build argument: it reaches the build, not the running container's environment.`
      });
    }
  }
  const image = scalarOf(svc.get("image", true), text);
  if (image)
    targets.push({
      kind: "image",
      ref: image.value,
      placeholder: isPlaceholder(image.value),
      line: pos.point(image.from).line
    });
  if (targets.length === 0)
    targets.push({ kind: "image", ref: "", placeholder: true, line: keyLine });
  const godebug = effective(file, svc, pos, label, ctx);
  return {
    format: "compose",
    file: file.path,
    anchor: pos.span(keyFrom, keyTo),
    label,
    targets,
    godebug,
    precedence: "Compose environment replaces the image's GODEBUG; environment beats env_file",
    misplaced,
    add: godebug.kind === "unset" ? addEdits(file, svc, pos, pos.row(keyFrom)) : void 0,
    inheritsImage: true
  };
}
function entries(node, text, pos, file) {
  const out = [];
  if (isMap(node)) {
    for (const item of node.items) {
      const k = scalarOf(item.key, text);
      if (!k) continue;
      const v = scalarOf(item.value, text);
      const isNull = v === void 0 || v.quote === "" && (v.value === "" || v.value === "null" || v.value === "~");
      out.push({
        key: k.value,
        value: isNull ? void 0 : v.value,
        from: k.from,
        to: v?.to ?? k.to,
        rewrite: v && !v.block && pos && file ? (value) => [pos.replace(file, v.from, v.to, yamlScalarText(value, v.quote))] : void 0
      });
    }
  } else if (isSeq(node)) {
    for (const item of node.items) {
      const s = scalarOf(item, text);
      if (!s) continue;
      const eq = s.value.indexOf("=");
      const key = eq < 0 ? s.value : s.value.slice(0, eq);
      out.push({
        key,
        value: eq < 0 ? void 0 : s.value.slice(eq + 1),
        from: s.from,
        to: s.to,
        rewrite: !s.block && pos && file ? (value) => [
          pos.replace(file, s.from, s.to, yamlScalarText(`${key}=${value}`, s.quote))
        ] : void 0
      });
    }
  }
  return out;
}
function effective(file, svc, pos, label, ctx) {
  const text = file.text;
  const env = entries(svc.get("environment", true), text, pos, file.path).filter(
    (e) => e.key === "GODEBUG"
  );
  const last = env.at(-1);
  if (last) {
    const line = pos.point(last.from).line;
    if (last.value === void 0)
      return {
        kind: "unknown",
        file: file.path,
        line,
        reason: "GODEBUG is passed through from the shell that runs Compose"
      };
    const value = interpolate(last.value);
    if (value === void 0)
      return {
        kind: "unknown",
        file: file.path,
        line,
        reason: `GODEBUG=${last.value} takes a variable from the shell that runs Compose`
      };
    return {
      kind: "set",
      origin: {
        file: file.path,
        span: pos.span(last.from, last.to),
        value,
        what: `environment of ${label}`,
        rewrite: last.value.includes("$") ? void 0 : last.rewrite,
        evidence: []
      }
    };
  }
  const envFile = svc.get("env_file", true);
  const refs = [];
  const items = isSeq(envFile) ? envFile.items : envFile === void 0 ? [] : [envFile];
  for (const it of items) {
    const p = isMap(it) ? stringAt(it, ["path"], text) : scalarOf(it, text)?.value;
    const required = isMap(it) ? stringAt(it, ["required"], text) !== "false" : true;
    const node = isMap(it) ? getIn(it, ["path"]) : it;
    const at = scalarOf(node, text)?.from ?? 0;
    if (p) refs.push({ path: p, required, line: pos.point(at).line });
  }
  let state = { kind: "unset" };
  for (const r of refs) {
    const path = joinPath(dirname(file.path), r.path);
    const envText = path === void 0 ? void 0 : ctx.byPath.get(path);
    if (!envText) {
      state = {
        kind: "unknown",
        file: file.path,
        line: r.line,
        reason: `env_file ${r.path} is not in the repository and may set GODEBUG`
      };
      continue;
    }
    const set2 = envFileGoDebug(envText, `env_file ${r.path} of ${label}`, [
      { file: file.path, line: r.line, message: `${label} reads env_file ${r.path}` }
    ]);
    if (!set2) continue;
    state = set2;
  }
  return state;
}
function addEdits(file, svc, pos, keyRow) {
  if (svc.flow) return void 0;
  const env = svc.get("environment", true);
  if (isMap(env) || isSeq(env)) {
    const node = isMap(env) ? env.items[0]?.key : env.items[0];
    const range = isScalar(node) ? node.range : void 0;
    if (env.flow || !range) return void 0;
    const row2 = pos.row(range[0]);
    const line = pos.lineText(row2);
    const col = range[0] - pos.lineStart(row2);
    if (isMap(env))
      return [pos.insertLines(file.path, row2, [`${" ".repeat(col)}GODEBUG: madvdontneed=1`])];
    const dash = line.lastIndexOf("-", col);
    if (dash < 0) return void 0;
    const gap = " ".repeat(Math.max(1, col - dash - 1));
    return [pos.insertLines(file.path, row2, [`${" ".repeat(dash)}-${gap}GODEBUG=madvdontneed=1`])];
  }
  if (env !== void 0) return void 0;
  const firstKey = pairOf(
    svc,
    String(svc.items[0]?.key?.value ?? "")
  );
  if (!firstKey) return void 0;
  const row = pos.row(firstKey.keyFrom);
  const indent = firstKey.keyFrom - pos.lineStart(row);
  if (pos.lineText(row).slice(0, indent).trim() !== "") return void 0;
  const pad = " ".repeat(indent);
  if (row <= keyRow) return void 0;
  return [
    pos.appendLines(file.path, keyRow, [`${pad}environment:`, `${pad}  GODEBUG: madvdontneed=1`])
  ];
}

// src/analyzers/runtime/run/helm.ts
function chartValues(dir, ctx) {
  const key = `helm-values:${dir}`;
  if (ctx.cache.has(key)) return ctx.cache.get(key);
  const file = ctx.byPath.get(dir === "" ? "values.yaml" : `${dir}/values.yaml`);
  let values;
  if (file) {
    const doc = readYamlDocument(file.text);
    if (doc.errors.length === 0)
      values = { file, pos: new Positions(file.text), root: doc.contents };
  }
  ctx.cache.set(key, values);
  return values;
}
var indentOf = (line) => /^ */.exec(line)?.[0].length ?? 0;
function imageTarget(image, values, line) {
  let unresolved = false;
  const ref = image.replace(
    /\{\{-?\s*\$?\.Values\.([A-Za-z0-9_.]+)\s*(?:\|[^}]*)?-?\}\}/g,
    (m, path) => {
      const v = values ? scalarOf(getIn(values.root, path.split(".")), values.file.text) : void 0;
      if (v === void 0 || v.value === "") {
        unresolved = true;
        return m;
      }
      return v.value;
    }
  );
  if (unresolved) return { kind: "image", ref: image, placeholder: true, line };
  const open = ref.indexOf("{{");
  const name = open < 0 ? ref : ref.slice(0, open);
  const colon = name.lastIndexOf(":");
  if (open >= 0 && !(colon > name.lastIndexOf("/")))
    return { kind: "image", ref: image, placeholder: true, line };
  const named = open < 0 ? ref : name.slice(0, colon);
  return { kind: "image", ref: named, placeholder: isPlaceholder(named), line };
}
function valueExpr(raw) {
  const t = raw.replace(/\s+#.*$/, "").trim();
  const v = /^["']?\{\{-?\s*\.Values\.([A-Za-z0-9_.]+)\s*(?:\|\s*quote\s*)?-?\}\}["']?$/.exec(t);
  if (v) return { path: (v[1] ?? "").split(".") };
  if (t.includes("{{")) return void 0;
  return { literal: t.replace(/^"(.*)"$|^'(.*)'$/, "$1$2") };
}
var helm = {
  format: "helm",
  accepts: (file) => /\.(ya?ml|tpl)$/.test(file.path) && file.path.includes("templates/") && file.text.includes("containers:"),
  read(file, ctx) {
    const sites = [];
    const errors = [];
    const dir = helmChartDir(file.path, ctx);
    if (dir === void 0) return { sites, errors };
    const pos = new Positions(file.text);
    const lines = file.text.split("\n").map((l) => l.replace(/\r$/, ""));
    for (let i = 0; i < lines.length; i++) {
      const m = /^(\s*)containers:\s*$/.exec(lines[i] ?? "");
      if (!m) continue;
      const base = (m[1] ?? "").length;
      let end = i + 1;
      while (end < lines.length) {
        const l = lines[end] ?? "";
        const ind = indentOf(l);
        if (l.trim() !== "" && !/^\s*\{\{.*\}\}\s*$/.test(l) && (ind < base || ind === base && !/^\s*- /.test(l)))
          break;
        end++;
      }
      let item = -1;
      const itemStarts = [];
      for (let j = i + 1; j < end; j++) {
        const l = lines[j] ?? "";
        if (/^\s*- /.test(l) && (item < 0 || indentOf(l) === item)) {
          item = indentOf(l);
          itemStarts.push(j);
        }
      }
      for (let k = 0; k < itemStarts.length; k++) {
        const from = itemStarts[k];
        const to = itemStarts[k + 1] ?? end;
        const site = containerSite2(file, lines, from, to, item, pos, dir, ctx);
        if (site) sites.push(site);
      }
      i = end - 1;
    }
    return { sites, errors };
  }
};
function containerSite2(file, lines, from, to, dashIndent, pos, dir, ctx) {
  const keyIndent = /^\s*-\s+/.exec(lines[from] ?? "")?.[0].length ?? dashIndent + 2;
  let imageRow = -1;
  let image = "";
  let name = "";
  let envRow = -1;
  let firstEnvItem = -1;
  let state = { kind: "unset" };
  let dynamic = false;
  for (let j = from; j < to; j++) {
    const l = lines[j] ?? "";
    const body = l.replace(/^\s*-\s+/, (s) => " ".repeat(s.length));
    const im = /^\s*image:\s*(.*)$/.exec(body);
    if (im && indentOf(body) === keyIndent) {
      imageRow = j;
      image = (im[1] ?? "").trim().replace(/^"(.*)"$|^'(.*)'$/, "$1$2");
    }
    const nm = /^\s*name:\s*(.*)$/.exec(body);
    if (nm && indentOf(body) === keyIndent) name = (nm[1] ?? "").trim();
    if (/^\s*env:\s*$/.test(body) && indentOf(body) === keyIndent) envRow = j;
    if (envRow >= 0 && firstEnvItem < 0 && j > envRow && /^\s*- /.test(l)) firstEnvItem = j;
    if (/\b(toYaml|include|tpl|range)\b/.test(l)) dynamic = true;
    const g = /^\s*-\s+name:\s*["']?GODEBUG["']?\s*$/.exec(l);
    if (!g) continue;
    const vl = lines[j + 1] ?? "";
    const vm = /^(\s*value:\s*)(.*)$/.exec(vl);
    const expr = vm ? valueExpr(vm[2] ?? "") : void 0;
    if (!vm || !expr) {
      state = {
        kind: "unknown",
        file: file.path,
        line: j + 1,
        reason: "GODEBUG is computed by the template"
      };
      continue;
    }
    const span = pos.span(pos.lineStart(j) + indentOf(l), pos.lineStart(j + 1) + vl.length);
    if ("literal" in expr) {
      const at = pos.lineStart(j + 1) + (vm[1] ?? "").length;
      const raw = (vm[2] ?? "").replace(/\s+#.*$/, "");
      const quote = raw.startsWith('"') ? '"' : raw.startsWith("'") ? "'" : "";
      state = set(
        file,
        span,
        expr.literal,
        `env of ${containerName(name)} in Helm template ${file.path}`,
        // From the entry's line, as the finding: a review can show it as a suggestion.
        (v) => {
          const from2 = pos.lineStart(j) + indentOf(l);
          const kept = file.text.slice(from2, at);
          return [pos.replace(file.path, from2, at + raw.length, kept + yamlScalarText(v, quote))];
        }
      );
      continue;
    }
    const values = chartValues(dir, ctx);
    const node = values ? scalarOf(getIn(values.root, expr.path), values.file.text) : void 0;
    if (!values || !node || !isMap(values.root)) {
      state = {
        kind: "unknown",
        file: file.path,
        line: j + 1,
        reason: `.Values.${expr.path.join(".")} is not set in the chart's values.yaml`
      };
      continue;
    }
    state = set(
      file,
      span,
      node.value,
      `env of ${containerName(name)} in Helm template ${file.path} (.Values.${expr.path.join(".")})`,
      node.block ? void 0 : (v) => [
        values.pos.replace(values.file.path, node.from, node.to, yamlScalarText(v, node.quote))
      ],
      [
        {
          file: values.file.path,
          line: values.pos.point(node.from).line,
          message: `.Values.${expr.path.join(".")} is ${node.value}`
        }
      ]
    );
  }
  if (imageRow < 0) return void 0;
  if (state.kind === "unset" && dynamic)
    state = {
      kind: "unknown",
      file: file.path,
      line: imageRow + 1,
      reason: "the container's environment is generated by the template"
    };
  let add;
  if (state.kind === "unset") {
    const pad = " ".repeat(keyIndent);
    if (firstEnvItem >= 0) {
      const l = lines[firstEnvItem] ?? "";
      const dash = indentOf(l);
      const gap = (/^\s*-\s+/.exec(l)?.[0].length ?? dash + 2) - dash;
      add = [
        pos.insertLines(file.path, firstEnvItem, [
          `${" ".repeat(dash)}-${" ".repeat(gap - 1)}name: GODEBUG`,
          `${" ".repeat(dash + gap)}value: madvdontneed=1`
        ])
      ];
    } else if (envRow < 0) {
      add = [
        pos.appendLines(file.path, imageRow, [
          `${pad}env:`,
          `${pad}  - name: GODEBUG`,
          `${pad}    value: madvdontneed=1`
        ])
      ];
    }
  }
  const anchor = pos.lineSpan(imageRow + 1);
  return {
    format: "helm",
    file: file.path,
    anchor,
    label: `${containerName(name)} of Helm template ${file.path}`,
    targets: [imageTarget(image, chartValues(dir, ctx), imageRow + 1)],
    godebug: state,
    precedence: "Kubernetes env replaces the image's GODEBUG",
    misplaced: [],
    add,
    inheritsImage: true
  };
}
function set(file, span, value, what, rewrite, evidence = []) {
  return { kind: "set", origin: { file: file.path, span, value, what, rewrite, evidence } };
}
function containerName(name) {
  return name === "" || name.includes("{{") ? "the container" : `container ${name}`;
}

// src/analyzers/dockerfile-lite.ts
var Unsure2 = class {
};
var unsure2 = new Unsure2();
function giveUp2() {
  throw unsure2;
}
var ESCAPE = "\\";
function tokenizeDockerfile(text) {
  if (text.includes("\r") || text.startsWith("\uFEFF")) return void 0;
  if (/^[ \t]*#[ \t]*escape[ \t=]/im.test(text)) return void 0;
  try {
    return { escape: ESCAPE, instructions: new Tokenizer(text).instructions() };
  } catch (e) {
    if (e === unsure2) return void 0;
    throw e;
  }
}
var Tokenizer = class {
  constructor(text) {
    this.text = text;
    this.lines = new LineIndex(text);
  }
  lines;
  /** 0-based line and UTF-16 character of an offset. */
  position(offset) {
    const line = this.lines.row(offset);
    return { line, character: offset - this.lines.lineStart(line) };
  }
  range(from, to) {
    return { start: this.position(from), end: this.position(to) };
  }
  instructions() {
    const text = this.text;
    const out = [];
    const count = directiveCount(text);
    const from = count < this.lines.lineCount ? this.lines.lineStart(count) : text.length;
    for (let i = from; i < text.length; i++) {
      const c = text[i];
      if (c === " " || c === "	" || c === "\n") continue;
      if (c === "#") {
        i = lineEnd(text, i);
        continue;
      }
      const at = this.instruction(i);
      out.push(at.instruction);
      i = at.end;
    }
    return out;
  }
  /** The instruction whose keyword starts at `start`, and the offset it ends at. */
  instruction(start) {
    const text = this.text;
    let k = start + 1;
    while (k < text.length) {
      const c = text[k];
      if (c === ESCAPE) giveUp2();
      if (c === " " || c === "	" || c === "\n") break;
      k++;
    }
    const keywordEnd = k;
    let end = k < text.length && text[k] !== "\n" ? this.argumentsEnd(k) : k;
    if (end < text.length && text.slice(keywordEnd, end).includes("<")) {
      const keyword = text.slice(start, keywordEnd).toUpperCase();
      if (keyword === "RUN" || keyword === "COPY" || keyword === "ADD")
        end = this.heredocsEnd(keywordEnd, end);
      else if (keyword === "ONBUILD") giveUp2();
    }
    return { instruction: this.view(start, keywordEnd, end), end };
  }
  /**
   * Where the heredocs an instruction's arguments open (`<<EOF`, `<<-EOF`, `<<"EOF"`) end, read one
   * after the other from the line break at `offset`: each at the first line that is its name (after
   * tabs, with `<<-`); the text's end when there is none.
   */
  heredocsEnd(keywordEnd, offset) {
    const text = this.text;
    const names = [];
    let tabbed = false;
    for (const a of this.flagged(keywordEnd, offset).args) {
      const v = a.value;
      if (!v.startsWith("<<") || v.length <= 2) continue;
      if (v.startsWith("<<-")) tabbed = true;
      const name = heredocName(v);
      if (name !== null) names.push(name);
    }
    for (const name of names) {
      let startWord = -1;
      let lineStart = true;
      let i = offset;
      for (; i < text.length; i++) {
        const c = text[i];
        if (c === " ") lineStart = false;
        else if (c === "	") {
          if (!tabbed) lineStart = false;
        } else if (c === "\n") {
          if (startWord !== -1 && text.slice(startWord, i) === name) break;
          startWord = -1;
          lineStart = true;
        } else if (lineStart) {
          startWord = i;
          lineStart = false;
        }
      }
      offset = i;
    }
    return offset;
  }
  /** Where the arguments after the blank at `offset` end: an unescaped line break, or the end. */
  argumentsEnd(offset) {
    const text = this.text;
    let escaped = false;
    scan: for (let i = offset + 1; i < text.length; i++) {
      const c = text[i];
      if (c === "\n") {
        if (escaped) continue;
        return i;
      }
      if (c === ESCAPE) {
        const next = text[i + 1];
        if (next === "\n") {
          escaped = true;
          i++;
        } else if (next === " " || next === "	") {
          for (let j = i + 2; j < text.length; j++) {
            const d = text[j];
            if (d === " " || d === "	") continue;
            if (d === "\n") escaped = true;
            i = j;
            continue scan;
          }
          return text.length;
        }
        continue;
      }
      if (c === "#") {
        if (escaped) i = lineEnd(text, i);
        continue;
      }
      if (c !== " " && c !== "	") escaped = false;
    }
    return text.length;
  }
  view(start, keywordEnd, end) {
    const text = this.text;
    const instruction = text.slice(start, keywordEnd);
    const keyword = instruction.toUpperCase();
    const out = { keyword, instruction, range: this.range(start, end) };
    switch (keyword) {
      case "FROM": {
        const { flags, args } = this.flagged(keywordEnd, end);
        out.arguments = args;
        out.imageRange = args[0]?.range ?? null;
        out.platform = flags.find((f) => f.name === "platform")?.value ?? null;
        break;
      }
      case "ARG": {
        const args = this.propertyArguments(keywordEnd, end);
        out.properties = args.length === 1 ? [this.property(args[0])] : [];
        break;
      }
      case "ENV":
        out.properties = this.properties(this.propertyArguments(keywordEnd, end));
        break;
      case "COPY": {
        const { flags } = this.flagged(keywordEnd, end);
        const f = flags.find((g) => g.name === "from");
        out.fromFlag = f ? { value: f.value, range: f.range } : null;
        break;
      }
      case "ADD": {
        const { args } = this.flagged(keywordEnd, end);
        out.arguments = args;
        if (args.length === 0) out.argumentsContent = null;
        else {
          const first = args[0].range.start;
          const last = args[args.length - 1].range.end;
          if (first.line !== last.line) giveUp2();
          out.argumentsContent = text.slice(this.offsetOf(first), this.offsetOf(last));
        }
        break;
      }
      case "RUN":
        out.textContent = text.slice(start, end);
        break;
      case "CMD":
      case "ENTRYPOINT": {
        const raw = this.rawArguments(keywordEnd, end);
        out.arguments = raw.map((a) => a.argument);
        out.exec = this.execForm(raw);
        break;
      }
    }
    return out;
  }
  offsetOf(p) {
    return this.lines.lineStart(p.line) + p.character;
  }
  /**
   * The arguments after the keyword (dockerfile-ast's getRawArguments): words split at blanks,
   * continued over escaped line breaks. With their offsets, for the exec form.
   */
  rawArguments(keywordEnd, end) {
    const text = this.text;
    const out = [];
    let found = -1;
    let value = "";
    let escaping = false;
    let escapedBlank = false;
    let marker = -1;
    let start = false;
    const push = (to) => {
      out.push({ argument: { value, range: this.range(found, to) }, from: found, to });
      value = "";
      found = -1;
    };
    for (let i = keywordEnd; i < end; i++) {
      const c = text[i];
      if (c === " " || c === "	" || c === "\n") {
        if (escaping) {
          escapedBlank = c !== "\n";
          continue;
        }
        if (found !== -1) {
          push(marker === -1 ? i : marker);
          marker = -1;
        }
      } else if (c === ESCAPE) {
        if (text[i + 1] !== "\n" || i + 1 >= end) giveUp2();
        escaping = true;
        start = true;
        if (found !== -1 && marker === -1) marker = i;
        i++;
      } else {
        if (start && c === "#") giveUp2();
        if (escapedBlank && marker !== -1) push(marker);
        escapedBlank = false;
        escaping = false;
        marker = -1;
        value += c;
        if (found === -1) found = i;
        start = false;
      }
    }
    if (found !== -1) push(marker === -1 ? end : marker);
    return out;
  }
  /**
   * Arguments without the leading flags (dockerfile-ast's ModifiableInstruction): the flags are
   * the arguments starting with `--` up to the first that holds no `--` at all.
   */
  flagged(keywordEnd, end) {
    const args = this.rawArguments(keywordEnd, end).map((a) => a.argument);
    const flags = [];
    for (const a of args) {
      const v = a.value;
      if (!v.includes("--")) break;
      if (!v.startsWith("--")) continue;
      if (a.range.start.line !== a.range.end.line) giveUp2();
      const eq = v.indexOf("=");
      if (eq === -1) flags.push({ name: v.substring(2), value: null, range: a.range });
      else flags.push({ name: v.substring(2, eq), value: v.substring(eq + 1), range: a.range });
    }
    return { flags, args: args.slice(flags.length) };
  }
  /** The exec form of CMD and ENTRYPOINT (dockerfile-ast's JSONInstruction). */
  execForm(raw) {
    const exec = { openingBracket: false, strings: [] };
    if (raw.length === 0) return exec;
    const text = this.text;
    if (raw.length === 1 && raw[0].argument.value === "[]") {
      exec.openingBracket = true;
      return exec;
    }
    if (raw.length === 2 && raw[0].argument.value === "[" && raw[1].argument.value === "]") {
      exec.openingBracket = true;
      return exec;
    }
    const from = raw[0].from;
    const to = raw[raw.length - 1].to;
    let last = "";
    let quoted2 = false;
    let stringStart = -1;
    let value = "";
    for (let i = from; i < to; i++) {
      const c = text[i];
      if (quoted2) {
        if (c === '"') {
          quoted2 = false;
          exec.strings.push({ value, range: this.range(stringStart, i + 1) });
          value = "";
        } else if (c === "\\") giveUp2();
        else if (c !== " " && c !== "	") value += c;
        continue;
      }
      if (c === "[") {
        if (last !== "") break;
        exec.openingBracket = true;
        last = "[";
      } else if (c === '"') {
        if (last !== "[" && last !== ",") break;
        stringStart = i;
        quoted2 = true;
        last = '"';
      } else if (c === ",") {
        if (last !== '"') break;
        last = ",";
      } else if (c === "]") {
        if (last !== "") break;
      } else if (c === "\\") {
        let j = i + 1;
        while (j < to && (text[j] === " " || text[j] === "	")) j++;
        if (text[j] !== "\n") break;
        i = j;
      } else if (c !== " " && c !== "	") break;
    }
    return exec;
  }
  /**
   * The words of an ENV or ARG (dockerfile-ast's getPropertyArguments), for one line without an
   * escape character: split at blanks, a quoted run kept whole, `${...}` kept whole up to its
   * closing brace.
   */
  propertyArguments(keywordEnd, end) {
    const text = this.text;
    const rest = text.slice(keywordEnd, end);
    if (rest.includes(ESCAPE) || rest.includes("\n")) giveUp2();
    let s = 0;
    while (s < rest.length && (rest[s] === " " || rest[s] === "	")) s++;
    if (s === rest.length) return [];
    let e = rest.length - 1;
    while (e >= 0 && (rest[e] === " " || rest[e] === "	")) e--;
    const content = rest.slice(s, e + 1);
    const base = keywordEnd + s;
    const out = [];
    const push = (from, to) => {
      out.push({ value: content.substring(from, to), from: base + from, to: base + to });
    };
    let argStart = 0;
    scan: for (let i = 0; i < content.length; i++) {
      const c = content[i];
      if (c === "'" || c === '"') {
        if (argStart === -1) argStart = i;
        for (let j = i + 1; j < content.length; j++) {
          if (content[j] !== c) continue;
          const after = content.charAt(j + 1);
          if (after !== " " && after !== "") {
            i = j;
            continue scan;
          }
          push(argStart, j + 1);
          i = j;
          argStart = -1;
          continue scan;
        }
        break;
      }
      if (c === " " || c === "	") {
        if (argStart !== -1) {
          push(argStart, i);
          argStart = -1;
        }
        continue;
      }
      if (argStart === -1) argStart = i;
      if (c === "$" && content[i + 1] === "{") {
        let single = false;
        let double = false;
        for (let j = i + 1; j < content.length; j++) {
          const d = content[j];
          if (d === "'") single = !single;
          else if (d === '"') double = !double;
          else if (d === " " || d === "	") {
            if (single || double) continue;
            i = j - 1;
            continue scan;
          } else if (d === "}") {
            i = j;
            continue scan;
          }
        }
        break;
      }
    }
    if (argStart !== -1 && argStart !== content.length) push(argStart, content.length);
    return out;
  }
  /** ENV's properties from its words (dockerfile-ast's PropertyInstruction.getProperties). */
  properties(args) {
    if (args.length === 0) return [];
    const first = args[0];
    if (args.length === 1) return [this.property(first)];
    if (!first.value.includes("=")) {
      const last = args[args.length - 1];
      const value = {
        value: this.text.slice(args[1].from, last.to),
        from: args[1].from,
        to: last.to
      };
      return [this.property(first, value)];
    }
    return args.map((a) => this.property(a));
  }
  /** One property (dockerfile-ast's Property), for words without escape characters. */
  property(arg, value) {
    const text = this.text;
    const v = arg.value;
    const eq = v.indexOf("=");
    let nameTo = arg.to;
    if (eq !== -1) {
      const initial = v.charAt(0);
      const before = v.charAt(eq - 1);
      if (initial === '"' && before === '"' || initial === "'" && before === "'" || initial !== '"' && initial !== "'")
        nameTo = arg.from + eq;
    }
    const name = unquoted(text.slice(arg.from, nameTo));
    if (value) {
      return {
        name,
        unescapedValue: text.slice(value.from, value.to),
        valueRange: this.range(value.from, value.to),
        assignmentOperator: null,
        range: this.range(arg.from, value.to)
      };
    }
    const range = this.range(arg.from, arg.to);
    if (nameTo === arg.to) {
      return { name, unescapedValue: null, valueRange: null, assignmentOperator: null, range };
    }
    const valueFrom = arg.from + eq + 1;
    return {
      name,
      unescapedValue: text.slice(valueFrom, arg.to),
      valueRange: this.range(valueFrom, arg.to),
      assignmentOperator: "=",
      range
    };
  }
};
function directiveCount(text) {
  let count = 0;
  const n = text.length;
  scan: for (let i = 0; i < n; i++) {
    const c = text[i];
    if (c === " " || c === "	") continue;
    if (c !== "#") break;
    let nameStart = -1;
    let nameEnd = -1;
    for (let j = i + 1; j < n; j++) {
      const d = text[j];
      if (d === " " || d === "	") {
        if (nameStart !== -1 && nameEnd === -1) nameEnd = j;
      } else if (d === "\n") {
        break scan;
      } else if (d === "=") {
        let k = j + 1;
        while (k < n && (text[k] === " " || text[k] === "	")) k++;
        let valueEnd = k;
        if (k < n && text[k] !== "\n") {
          while (valueEnd < n && text[valueEnd] !== " " && text[valueEnd] !== "	" && text[valueEnd] !== "\n")
            valueEnd++;
        }
        if (nameStart === -1) break scan;
        count++;
        i = valueEnd;
        continue scan;
      } else if (nameStart === -1) nameStart = j;
    }
    break;
  }
  return count;
}
function heredocName(arg) {
  let value = arg.substring(2);
  if (value.charAt(0) === "-") value = value.substring(1);
  if (value.charAt(0) === '"') {
    if (value.charAt(value.length - 1) !== '"') return null;
    value = value.substring(1, value.length - 1);
  }
  if (value.charAt(0) === "'") {
    if (value.charAt(value.length - 1) !== "'") return null;
    value = value.substring(1, value.length - 1);
  }
  if (value.charAt(0) === "<") return null;
  return value;
}
function lineEnd(text, i) {
  const n = text.indexOf("\n", i);
  return n === -1 ? text.length : n;
}
function unquoted(value) {
  const first = value.charAt(0);
  const last = value.charAt(value.length - 1);
  const inSingle = first === "'" && last === "'";
  const inDouble = first === '"' && last === '"' && value.length > 1;
  return inSingle || inDouble ? value.substring(1, value.length - 1) : value;
}

// src/analyzers/persistent-map.ts
var BITS = 4;
var WIDTH = 1 << BITS;
var LEVELS = 32 / BITS;
function hash(key) {
  let h = 2166136261;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}
var PersistentMap = class _PersistentMap {
  constructor(root, size) {
    this.root = root;
    this.size = size;
  }
  static EMPTY = new _PersistentMap(void 0, 0);
  get(key) {
    const h = hash(key);
    let node = this.root;
    for (let level = 0; level < LEVELS && node; level++)
      node = node[h >>> level * BITS & WIDTH - 1];
    const leaf = node;
    return leaf?.find((e) => e[0] === key)?.[1];
  }
  has(key) {
    return this.get(key) !== void 0;
  }
  set(key, value) {
    const h = hash(key);
    let added = false;
    const put = (node, level) => {
      if (level === LEVELS) {
        const leaf = (node ?? []).filter((e) => e[0] !== key);
        added = leaf.length === (node?.length ?? 0);
        leaf.push([key, value]);
        return leaf;
      }
      const copy = node ? [...node] : new Array(WIDTH);
      const slot = h >>> level * BITS & WIDTH - 1;
      copy[slot] = put(copy[slot], level + 1);
      return copy;
    };
    const root = put(this.root, 0);
    return new _PersistentMap(root, this.size + (added ? 1 : 0));
  }
};

// src/analyzers/dockerfile.ts
function finalStage(model) {
  return model.stages[model.stages.length - 1];
}
function stageChain(model, stage) {
  const chain = [];
  const seen = /* @__PURE__ */ new Set();
  let s = stage;
  while (s && !seen.has(s.index)) {
    chain.push(s);
    seen.add(s.index);
    s = s.base.kind === "stage" ? model.stages[s.base.stage] : void 0;
  }
  return chain;
}
function rootBase(model, stage) {
  return rootStage(model, stage).base;
}
var roots = /* @__PURE__ */ new WeakMap();
function rootStage(model, stage) {
  let r = roots.get(model);
  if (!r) {
    r = [];
    for (const s of model.stages) {
      const parent = s.base.kind === "stage" ? s.base.stage : -1;
      r.push(parent >= 0 && parent < s.index ? r[parent] : s.index);
    }
    roots.set(model, r);
  }
  return model.stages[r[stage.index] ?? stage.index] ?? stage;
}
function contributingStages(model, stage) {
  const seen = /* @__PURE__ */ new Set();
  const order = [];
  const stack = [stage];
  while (stack.length > 0) {
    const s = stack.pop();
    if (seen.has(s.index)) continue;
    seen.add(s.index);
    order.push(s);
    const next = [];
    if (s.base.kind === "stage") {
      const b = model.stages[s.base.stage];
      if (b) next.push(b);
    }
    for (const c of s.copyFrom) {
      const src = c.stage === void 0 ? void 0 : model.stages[c.stage];
      if (src) next.push(src);
    }
    for (let i = next.length - 1; i >= 0; i--) stack.push(next[i]);
  }
  return order;
}
function runtimeEnv(model, stage) {
  const env = /* @__PURE__ */ new Map();
  const chain = stageChain(model, stage).reverse();
  for (const s of chain) {
    for (const a of s.envs) {
      const prev = env.get(a.key);
      env.set(a.key, { value: a.value, assignment: a, history: [...prev?.history ?? [], a] });
    }
  }
  for (const c of effectiveCommandEnv(chain)) {
    const prev = env.get(c.key);
    env.set(c.key, { value: c.value, assignment: c, history: [...prev?.history ?? [], c] });
  }
  return env;
}
function effectiveCommandEnv(chainRootFirst) {
  let entry;
  let cmd;
  for (const s of chainRootFirst) {
    if (s.hasEntrypoint) {
      entry = s.entrypoint ?? [];
      cmd = void 0;
    }
    if (s.hasCmd) cmd = s.cmd ?? [];
  }
  return entry ?? cmd ?? [];
}
var KNOWN = /* @__PURE__ */ new Set([
  "ADD",
  "ARG",
  "CMD",
  "COPY",
  "ENTRYPOINT",
  "ENV",
  "EXPOSE",
  "FROM",
  "HEALTHCHECK",
  "LABEL",
  "MAINTAINER",
  "ONBUILD",
  "RUN",
  "SHELL",
  "STOPSIGNAL",
  "USER",
  "VOLUME",
  "WORKDIR"
]);
var PATCH_CHAR = "\uE000";
function parseDockerfile(file, text) {
  const model = {
    file,
    text,
    escape: "\\",
    eol: lineEnding(text),
    globalArgs: [],
    stages: [],
    errors: [],
    patchedLines: []
  };
  try {
    build(model);
  } catch (e) {
    model.errors.push({
      file,
      line: 1,
      message: `cannot parse Dockerfile: ${e instanceof Error ? e.message : String(e)}`
    });
  }
  model.errors.sort((a, b) => a.line - b.line);
  return model;
}
function patchEscapedLineEnds(text, escape) {
  const lines = text.split("\n");
  const patched = [];
  lines.forEach((line, i) => {
    let end = line.length;
    if (line.charCodeAt(end - 1) === 13) end--;
    while (end > 0 && (line[end - 1] === " " || line[end - 1] === "	")) end--;
    if (end < 2 || line[end - 1] !== escape || line[end - 2] !== escape) return;
    const at = end - 1;
    lines[i] = line.slice(0, at) + PATCH_CHAR + line.slice(at + 1);
    patched.push(i + 1);
  });
  return { text: lines.join("\n"), lines: patched };
}
var fullParser;
async function loadFullDockerfileParser() {
  fullParser ??= (await import("./dockerfile-ast-view-NPHMFRJV.js")).viewDockerfile;
}
function liteTokens(text) {
  const lite = fastReadersEnabled() ? tokenizeDockerfile(text) : void 0;
  return lite && patchEscapedLineEnds(text, lite.escape).lines.length === 0 ? lite : void 0;
}
var readAhead = /* @__PURE__ */ new Map();
function needsFullParser(text) {
  const lite = liteTokens(text);
  if (lite) readAhead.set(text, lite);
  return lite === void 0;
}
function tokens(text) {
  const ahead = readAhead.get(text);
  readAhead.delete(text);
  const lite = ahead ?? liteTokens(text);
  if (lite) return { doc: lite, patchedLines: [] };
  if (!fullParser) throw new Error("the full Dockerfile parser is not loaded");
  const first = fullParser(text);
  const patch = patchEscapedLineEnds(text, first.escape);
  const doc = patch.lines.length > 0 ? fullParser(patch.text) : first;
  return { doc: { ...doc, escape: first.escape }, patchedLines: patch.lines };
}
function build(model) {
  const { file, text } = model;
  const { doc: df, patchedLines } = tokens(text);
  model.escape = df.escape;
  checkDirectives(model);
  model.patchedLines = patchedLines;
  const index = new LineIndex(text);
  const span = (r) => ({
    line: r.start.line + 1,
    column: index.byteColumn(r.start.line, r.start.character),
    endLine: r.end.line + 1,
    endColumn: index.byteColumn(r.end.line, r.end.character)
  });
  const esc = model.escape;
  const word = (raw, vars) => processWord(raw, vars, esc).split(PATCH_CHAR).join(esc);
  const globals = /* @__PURE__ */ new Map();
  let stage;
  let stageArgs = /* @__PURE__ */ new Map();
  let stageEnv = /* @__PURE__ */ new Map();
  let inherited = PersistentMap.EMPTY;
  const byName = /* @__PURE__ */ new Map();
  const handed = [];
  let hint;
  const scope = () => ({
    // ENV, the stage's own or inherited, overrides an ARG of the same name (as in BuildKit).
    get: (k) => stageEnv.has(k) ? stageEnv.get(k) : inherited.has(k) ? inherited.get(k) : stageArgs.get(k)
  });
  const handedEnv = (s) => {
    let out = inherited;
    for (const a of s.envs) out = out.set(a.key, a.value);
    return out;
  };
  let lastGlobal;
  const globalArgByName = () => {
    if (!lastGlobal) {
      lastGlobal = /* @__PURE__ */ new Map();
      for (const a of model.globalArgs) lastGlobal.set(a.name, a);
    }
    return lastGlobal;
  };
  for (const ins of df.instructions) {
    const keyword = ins.keyword;
    const insSpan = span(ins.range);
    if (!KNOWN.has(keyword)) {
      if (hint === void 0) {
        const line = misplacedEscape(text);
        hint = line ? `; the "# escape=" line ${line} is only a comment (a parser directive must come before any blank line, comment or instruction), so the escape character is still ${model.escape}` : "";
      }
      model.errors.push({
        file,
        line: insSpan.line,
        message: `unknown instruction: ${snippet(ins.instruction)} (expected a Dockerfile instruction such as FROM, RUN, ENV${hint})`
      });
      continue;
    }
    if (keyword === "FROM") {
      if (stage) {
        stage.endLine = insSpan.line - 1;
        handed[stage.index] = handedEnv(stage);
      }
      const s = fromStage(model, ins, insSpan, globals, span, word, byName, globalArgByName());
      model.stages.push(s);
      if (s.name !== void 0 && !byName.has(s.name)) byName.set(s.name, s.index);
      stage = s;
      stageArgs = /* @__PURE__ */ new Map();
      stageEnv = /* @__PURE__ */ new Map();
      inherited = s.base.kind === "stage" ? handed[s.base.stage] ?? PersistentMap.EMPTY : PersistentMap.EMPTY;
      continue;
    }
    if (keyword === "ARG") {
      const p = ins.properties?.[0];
      if (!p) continue;
      const raw = p.unescapedValue ?? void 0;
      const use = {
        name: p.name,
        raw,
        valueSpan: p.valueRange ? span(p.valueRange) : void 0,
        span: insSpan
      };
      if (!stage) {
        model.globalArgs.push(use);
        globals.set(use.name, raw === void 0 ? void 0 : word(raw, globals));
        lastGlobal = void 0;
      } else {
        stage.args.push(use);
        const value = raw === void 0 ? globals.has(use.name) ? globals.get(use.name) : void 0 : word(raw, scope());
        stageArgs.set(use.name, value);
      }
      continue;
    }
    if (!stage) {
      model.errors.push({
        file,
        line: insSpan.line,
        message: `${keyword} before the first FROM (only ARG may precede FROM)`
      });
      continue;
    }
    if (keyword === "ENV") {
      const props = ins.properties ?? [];
      const before = /* @__PURE__ */ new Map();
      const vars = {
        get: (k) => before.has(k) ? before.get(k) : scope().get(k)
      };
      for (const p of props) if (!before.has(p.name)) before.set(p.name, scope().get(p.name));
      for (const p of props) {
        const raw = p.unescapedValue ?? "";
        const legacy = p.assignmentOperator === null && raw !== "";
        const value = word(raw, vars);
        const vr = p.valueRange;
        const a = {
          key: p.name,
          raw,
          value,
          legacy,
          span: span(p.range),
          valueSpan: vr ? span(vr) : void 0,
          instruction: insSpan,
          propertyCount: props.length,
          stage: stage.index
        };
        stage.envs.push(a);
        stageEnv.set(a.key, value);
      }
      continue;
    }
    if (keyword === "COPY" || keyword === "ADD") {
      const flag = keyword === "COPY" ? ins.fromFlag : fromFlagOf(ins);
      const value = flag?.value;
      if (flag && value) {
        const ref = word(value, scope());
        stage.copyFrom.push({
          ref,
          stage: resolveStageRef(byName, ref, stage.index),
          span: span(flag.range)
        });
      } else {
        stage.copiesFromContext = true;
      }
      continue;
    }
    if (keyword === "RUN") {
      stage.runEnv.push(...runGodebug(ins, span));
      continue;
    }
    if (keyword === "ENTRYPOINT" || keyword === "CMD") {
      const which = keyword;
      const at = (p) => index.lineStart(p.line) + p.character;
      const envs = commandEnv(ins, which, span, (r) => text.slice(at(r.start), at(r.end)));
      if (which === "ENTRYPOINT") {
        stage.hasEntrypoint = true;
        stage.entrypoint = envs;
      } else {
        stage.hasCmd = true;
        stage.cmd = envs;
      }
      continue;
    }
  }
  if (stage) stage.endLine = index.lineCount;
  if (model.stages.length === 0 && text.trim() !== "") {
    model.errors.push({ file, line: 1, message: "no FROM instruction (expected FROM <image>)" });
  }
}
function misplacedEscape(text) {
  const lines = text.replace(/^\uFEFF/, "").split("\n");
  let inDirectives = true;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    const directive = /^\s*#\s*([a-zA-Z]+)\s*=/.exec(line);
    if (inDirectives && directive) continue;
    inDirectives = false;
    if (directive && (directive[1] ?? "").toLowerCase() === "escape") return i + 1;
  }
  return void 0;
}
function checkDirectives(model) {
  const lines = model.text.replace(/^\uFEFF/, "").split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    const m = /^\s*#\s*([a-zA-Z]+)\s*=/.exec(line);
    if (!m) break;
    const value = line.slice(m[0].length).trim();
    if ((m[1] ?? "").toLowerCase() === "escape" && value !== "\\" && value !== "`") {
      model.errors.push({
        file: model.file,
        line: i + 1,
        message: `invalid escape directive '${snippet(value)}' (expected \\ or \`)`
      });
    }
  }
}
function fromStage(model, ins, insSpan, globals, span, word, byName, globalArgs) {
  const index = model.stages.length;
  const imageRange = ins.imageRange;
  const args = (ins.arguments ?? []).filter((a) => !a.value.startsWith("--"));
  const rawImage = args[0]?.value ?? "";
  const imageSpan = imageRange ? span(imageRange) : args[0] ? span(args[0].range) : insSpan;
  const argsUsed = [];
  const track = (raw) => {
    for (const name2 of referencedVariables(raw)) {
      const decl = globalArgs.get(name2);
      if (decl && !argsUsed.includes(decl)) argsUsed.push(decl);
    }
  };
  track(rawImage);
  const platformRaw = ins.platform ?? void 0;
  if (platformRaw) track(platformRaw);
  const image = rawImage === "" ? void 0 : word(rawImage, globals);
  const platform = platformRaw === void 0 ? void 0 : word(platformRaw, globals);
  const nameArg = args[2]?.value;
  const name = args[1]?.value.toLowerCase() === "as" && nameArg ? nameArg.toLowerCase() : void 0;
  let base;
  if (image === void 0 || image === "") {
    base = {
      kind: "unknown",
      reason: rawImage === "" ? "FROM without an image" : `${snippet(rawImage)} expands to nothing`
    };
    model.errors.push({
      file: model.file,
      line: insSpan.line,
      message: rawImage === "" ? "FROM without an image (expected FROM <image>[:tag] [AS name])" : `FROM ${snippet(rawImage)} expands to an empty image name (an ARG without a default?)`
    });
  } else if (image.toLowerCase() === "scratch") {
    base = { kind: "scratch" };
  } else {
    const stageIndex = byName.get(image.toLowerCase()) ?? -1;
    base = stageIndex >= 0 ? { kind: "stage", stage: stageIndex } : { kind: "image", image: parseImageRef(image) };
  }
  return {
    index,
    name,
    from: { span: insSpan, rawImage, imageSpan, image, platform, argsUsed },
    base,
    envs: [],
    args: [],
    copyFrom: [],
    copiesFromContext: false,
    runEnv: [],
    entrypoint: void 0,
    cmd: void 0,
    hasEntrypoint: false,
    hasCmd: false,
    endLine: insSpan.endLine
  };
}
function fromFlagOf(ins) {
  const m = /--from=(\S+)/.exec(ins.argumentsContent ?? "");
  if (!m) return void 0;
  const arg = (ins.arguments ?? []).find((a) => a.value.startsWith("--from="));
  return arg ? { value: m[1] ?? null, range: arg.range } : void 0;
}
function resolveStageRef(byName, ref, before) {
  if (/^[0-9]+$/.test(ref)) {
    const n = Number(ref);
    return n < before ? n : void 0;
  }
  const i = byName.get(ref.toLowerCase());
  return i !== void 0 && i < before ? i : void 0;
}
function parseImageRef(ref) {
  let rest = ref;
  let digest;
  const at = rest.indexOf("@");
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let registry;
  const slash = rest.indexOf("/");
  if (slash >= 0) {
    const first = rest.slice(0, slash);
    if (first.includes(".") || first.includes(":") || first === "localhost") {
      registry = first;
      rest = rest.slice(slash + 1);
    }
  }
  let tag;
  const colon = rest.lastIndexOf(":");
  if (colon >= 0 && !rest.slice(colon).includes("/")) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  return { ref, registry, path: rest.toLowerCase(), tag, digest };
}
function isGolangImage(image) {
  const parts = image.path.split("/");
  const last = parts[parts.length - 1];
  return last === "golang" || image.path === "cimg/go";
}
function runGodebug(ins, span) {
  const out = [];
  const range = ins.range;
  const text = ins.textContent ?? "";
  const lines = text.split("\n");
  lines.forEach((line, i) => {
    const re = /(?:^|[;&|(]\s*|\bexport\s+|\benv\s+|\s)GODEBUG=("[^"]*"|'[^']*'|[^\s;&|]*)/g;
    for (let m = re.exec(line); m; m = re.exec(line)) {
      if (afterEnvKeyword(line, m.index + m[0].length - (m[1] ?? "").length - "GODEBUG=".length))
        continue;
      const start = m.index + m[0].indexOf("GODEBUG=");
      const row = range.start.line + i;
      const startChar = i === 0 ? range.start.character + start : start;
      const value = (m[1] ?? "").replace(/^["']|["']$/g, "");
      out.push({
        key: "GODEBUG",
        value,
        span: span({
          start: { line: row, character: startChar },
          end: { line: row, character: startChar + m[0].length - m[0].indexOf("GODEBUG=") }
        })
      });
    }
  });
  return out;
}
function afterEnvKeyword(line, end) {
  let i = end;
  while (i > 0 && /\s/.test(line[i - 1])) i--;
  if (i < 3 || line.slice(i - 3, i) !== "ENV") return false;
  return i === 3 || !/\w/.test(line[i - 4]);
}
function commandEnv(ins, which, span, textOf) {
  const json = ins.exec?.strings ?? [];
  const out = [];
  if (json.length > 0 && ins.exec?.openingBracket) {
    const first = json[0]?.value ?? "";
    if (/(^|\/)(sh|bash|dash|ash)$/.test(first) && json[1]?.value === "-c" && json[2])
      return scriptEnv(json[2], first, which, span, textOf);
    if (!/(^|\/)env$/.test(first)) return out;
    for (const j of json.slice(1)) {
      const v = j.value;
      if (v.startsWith("-")) continue;
      const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(v);
      if (!m) break;
      out.push({
        key: m[1] ?? "",
        value: m[2] ?? "",
        span: span(j.range),
        exec: true,
        instruction: which
      });
    }
    return out;
  }
  const args = ins.arguments ?? [];
  for (const { at, key, value } of leadingAssignments(args.map((a) => a.value)))
    out.push({ key, value, span: span(args[at].range), exec: false, instruction: which });
  return out;
}
function leadingAssignments(words, refuse) {
  const out = [];
  let i = 0;
  while (i < words.length && /^(exec|env)$/.test(words[i])) i++;
  for (; i < words.length; i++) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(words[i]);
    const value = m?.[2] ?? "";
    if (!m || refuse?.(value)) break;
    out.push({ at: i, key: m[1] ?? "", value: value.replace(/^"(.*)"$|^'(.*)'$/s, "$1$2") });
    while (i + 1 < words.length && /^(exec|env)$/.test(words[i + 1])) i++;
  }
  return out;
}
function scriptEnv(script2, shell, which, span, textOf) {
  const out = [];
  const { start, end } = script2.range;
  if (start.line !== end.line) return out;
  const raw = textOf(script2.range);
  if (raw.includes("\\") || !raw.startsWith('"') || !raw.endsWith('"')) return out;
  const words = [...raw.slice(1, -1).matchAll(/[^ \t]+/g)];
  const partlyQuoted = (value) => /^["']/.test(value) && !/^(".*"|'.*')$/s.test(value);
  for (const { at, key, value } of leadingAssignments(
    words.map((w) => w[0]),
    partlyQuoted
  )) {
    const w = words[at];
    const from = start.character + 1 + w.index;
    out.push({
      key,
      value,
      span: span({
        start: { line: start.line, character: from },
        end: { line: start.line, character: from + w[0].length }
      }),
      exec: false,
      shell: shell.slice(shell.lastIndexOf("/") + 1),
      instruction: which
    });
  }
  return out;
}
var MAX_EXPANDED_CHARS = 64 * 1024;
var MAX_WORD_NESTING = 64;
var BRACED_NAME = /[A-Za-z_][A-Za-z0-9_]*|[0-9]+/y;
var BARE_NAME = /[A-Za-z_][A-Za-z0-9_]*|[0-9]/y;
function referencedVariables(raw) {
  const out = [];
  const re = /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)|([A-Za-z_][A-Za-z0-9_]*))/g;
  for (let m = re.exec(raw); m; m = re.exec(raw)) out.push(m[1] ?? m[2] ?? "");
  return out;
}
function processWord(raw, vars, escape = "\\") {
  let i = 0;
  let depth = 0;
  const lookup = (name) => vars.get(name);
  const readUntil = (stop, inBraces) => {
    let out = "";
    let dq = false;
    while (i < raw.length) {
      let j = i;
      while (j < raw.length) {
        const ch = raw[j];
        if (ch === escape || ch === "'" || ch === '"' || ch === "$" || !dq && stop(ch)) break;
        j++;
      }
      if (j > i) {
        out += raw.slice(i, j);
        i = j;
        continue;
      }
      const c = raw[i] ?? "";
      if (!dq && stop(c)) break;
      if (c === escape) {
        const next = raw[i + 1];
        if (next === void 0) {
          out += c;
          i++;
          continue;
        }
        if (dq && next !== '"' && next !== "$" && next !== escape) out += c;
        out += next;
        i += 2;
        continue;
      }
      if (c === "'" && !dq && !inBraces) {
        const end = raw.indexOf("'", i + 1);
        if (end < 0) {
          out += raw.slice(i + 1);
          i = raw.length;
        } else {
          out += raw.slice(i + 1, end);
          i = end + 1;
        }
        continue;
      }
      if (c === '"') {
        dq = !dq;
        i++;
        continue;
      }
      if (c === "$") {
        if (depth >= MAX_WORD_NESTING) {
          out += c;
          i++;
          continue;
        }
        depth++;
        out += dollar();
        depth--;
        if (out.length > MAX_EXPANDED_CHARS) out = out.slice(0, MAX_EXPANDED_CHARS);
        continue;
      }
      out += c;
      i++;
    }
    return out;
  };
  const dollar = () => {
    i++;
    const c = raw[i];
    if (c === "{") {
      i++;
      BRACED_NAME.lastIndex = i;
      const m2 = BRACED_NAME.exec(raw);
      const name = m2?.[0] ?? "";
      i += name.length;
      const value = lookup(name);
      let op = "";
      for (const candidate of [":-", ":+", "-", "+", "##", "#", "%%", "%"]) {
        if (raw.startsWith(candidate, i)) {
          op = candidate;
          break;
        }
      }
      i += op.length;
      const w = op === "" ? "" : readUntil((ch) => ch === "}", true);
      if (raw[i] === "}") i++;
      switch (op) {
        case "":
          return value ?? "";
        case ":-":
          return value === void 0 || value === "" ? w : value;
        case "-":
          return value === void 0 ? w : value;
        case ":+":
          return value === void 0 || value === "" ? "" : w;
        case "+":
          return value === void 0 ? "" : w;
        case "#":
        case "##":
          return (value ?? "").startsWith(w) ? (value ?? "").slice(w.length) : value ?? "";
        default:
          return (value ?? "").endsWith(w) ? (value ?? "").slice(0, (value ?? "").length - w.length) : value ?? "";
      }
    }
    BARE_NAME.lastIndex = i;
    const m = BARE_NAME.exec(raw);
    if (!m) return "$";
    i += m[0].length;
    return lookup(m[0]) ?? "";
  };
  return readUntil(() => false, false);
}
function insertionAfterFrom(model, stage) {
  const lines = linesOf(model);
  const fromEnd = Math.min(stage.from.span.endLine, lines.length);
  if (fromEnd < lines.length) return { line: fromEnd + 1, column: 1, before: "", after: model.eol };
  const last = (lines[fromEnd - 1] ?? "").replace(/\r$/, "");
  return { line: fromEnd, column: Buffer.byteLength(last) + 1, before: model.eol, after: "" };
}
var splitLines = /* @__PURE__ */ new WeakMap();
function linesOf(model) {
  let lines = splitLines.get(model);
  if (!lines) splitLines.set(model, lines = model.text.split("\n"));
  return lines;
}

// src/analyzers/runtime/run/script.ts
var NOT_A_RUN = new Set(
  "if then else elif fi for while until do done case esac { } ;; set trap cd echo printf export local shift [ [[ test wait sleep mkdir rm cp mv ln chmod chown source . : true false return exit umask ulimit unset readonly declare typeset cat touch envsubst sed awk grep curl wget apt-get apk yum go make".split(" ")
);
function entrypointScripts(ctx) {
  const cached = ctx.cache.get("entrypoint-scripts");
  if (cached) return cached;
  const out = /* @__PURE__ */ new Map();
  for (const df of ctx.dockerfiles) {
    const final = finalStage(df);
    if (!final) continue;
    const lines = df.text.split("\n").slice(final.from.span.line - 1, final.endLine);
    for (const line of lines) {
      const m = /^\s*(?:ENTRYPOINT|CMD)\s+(.*)$/i.exec(line);
      if (!m) continue;
      for (const w of (m[1] ?? "").match(/[^\s"',[\]]+/g) ?? []) {
        if (!/\.sh$|entrypoint|start|run/i.test(basename(w))) continue;
        const list = out.get(basename(w)) ?? [];
        if (!list.includes(df.file)) list.push(df.file);
        out.set(basename(w), list);
      }
    }
  }
  ctx.cache.set("entrypoint-scripts", out);
  return out;
}
function nearestDockerfiles(named, dir) {
  const within = (d, ancestor) => ancestor === "" || d === ancestor || d.startsWith(`${ancestor}/`);
  const same = named.filter((df) => dirname(df) === dir);
  if (same.length > 0) return same;
  const above = named.filter((df) => within(dir, dirname(df)));
  const deepest = Math.max(-1, ...above.map((df) => dirname(df).length));
  if (above.length > 0) return above.filter((df) => dirname(df).length === deepest);
  const below = named.filter((df) => within(dirname(df), dir));
  if (below.length > 0) return below;
  return named.length === 1 ? named : [];
}
function commands(text) {
  const out = [];
  const lines = text.split("\n");
  let offset = 0;
  let heredoc;
  for (let i = 0; i < lines.length; i++) {
    const start = offset;
    const raw = lines[i] ?? "";
    offset += raw.length + 1;
    let line = raw.replace(/\r$/, "");
    if (heredoc) {
      if ((heredoc.strip ? line.replace(/^\t+/, "") : line) === heredoc.tag) heredoc = void 0;
      continue;
    }
    if (/^\s*(#|$)/.test(line)) continue;
    const row = i;
    const joined = continued(lines, i);
    for (let k = i + 1; k <= joined.lastRow; k++) offset += (lines[k] ?? "").length + 1;
    i = joined.lastRow;
    line = joined.text;
    const h = /<<(-?)\s*["']?([A-Za-z_][A-Za-z0-9_]*)["']?/.exec(line);
    if (h) heredoc = { tag: h[2] ?? "", strip: h[1] === "-" };
    out.push({ row, start, text: line });
  }
  return out;
}
function runLine(cmd) {
  const body = cmd.text.replace(/\s+(#.*)?$/, "");
  const words = splitWords(body);
  let i = 0;
  let prefix;
  let execAt;
  const assign = (w) => /^[A-Za-z_][A-Za-z0-9_]*=/.test(w);
  for (; ; ) {
    const w = words[i];
    if (!w) return void 0;
    if (assign(w.word)) {
      if (w.word.startsWith("GODEBUG="))
        prefix = { value: w.word.slice(8), from: w.from, to: w.to };
      i++;
    } else if (w.word === "exec" && execAt === void 0) {
      execAt = w.from;
      i++;
    } else if (basename(w.word) === "env" && words[i + 1] && assign(words[i + 1].word)) {
      i++;
    } else break;
  }
  const bin = words[i];
  if (NOT_A_RUN.has(bin.word) || /\(\)\s*\{?$/.test(body) || bin.word.endsWith("()"))
    return void 0;
  return { cmd, execAt, binaryAt: bin.from, binary: bin.word, prefix };
}
var script = {
  format: "script",
  accepts: (file) => file.path.endsWith(".sh") || /entrypoint[^/.]*$/i.test(file.path.slice(file.path.lastIndexOf("/") + 1)),
  read(file, ctx) {
    const errors = [];
    const images = nearestDockerfiles(
      entrypointScripts(ctx).get(basename(file.path)) ?? [],
      dirname(file.path)
    );
    if (images.length === 0 && !file.text.includes("GODEBUG")) return { sites: [], errors };
    const pos = new Positions(file.text);
    const cmds = commands(file.text);
    const label = `script ${file.path}`;
    const misplaced = [];
    const runs = [];
    for (const c of cmds) {
      const r = runLine(c);
      if (r) runs.push(r);
      const build3 = /(?:^|\s)GODEBUG=("[^"]*"|'[^']*'|\S*)\s+(?:exec\s+)?go\s+(build|install|generate)\b/.exec(
        c.text
      );
      const bv = build3?.[1]?.replace(/^["']|["']$/g, "");
      if (bv !== void 0 && setsMadvDontNeed(bv))
        misplaced.push({
          file: file.path,
          span: pos.lineSpan(c.row + 1),
          message: `GODEBUG=${bv} on \`go ${build3?.[2]}\` applies to the go command, not to the binary it builds.`
        });
    }
    const run = runs.filter((r) => r.prefix).at(-1) ?? runs.filter((r) => r.execAt !== void 0).at(-1) ?? runs.at(-1);
    if (!run) return { sites: [], errors };
    const line = run.cmd.row + 1;
    let state = { kind: "unset" };
    let assigned;
    for (const c of cmds) {
      if (c.row >= run.cmd.row) break;
      const m = /^(\s*)(export\s+)?GODEBUG=("[^"]*"|'[^']*'|[^\s;#]*)/.exec(c.text);
      if (m) {
        const from = c.start + (m[1] ?? "").length + (m[2] ?? "").length + "GODEBUG=".length;
        const to = from + (m[3] ?? "").length;
        assigned = { value: (m[3] ?? "").replace(/^["']|["']$/g, ""), from, to, row: c.row };
        if (m[2]) state = setState(file, pos, assigned, label, "export");
        continue;
      }
      if (assigned && /^\s*export\s+GODEBUG\s*$/.test(c.text))
        state = setState(file, pos, assigned, label, "export");
    }
    if (run.prefix) {
      const from = run.cmd.start + run.prefix.from + "GODEBUG=".length;
      state = setState(
        file,
        pos,
        {
          value: run.prefix.value.replace(/^["']|["']$/g, ""),
          from,
          to: run.cmd.start + run.prefix.to,
          row: run.cmd.row
        },
        label,
        "prefix"
      );
    }
    if (images.length === 0 && state.kind !== "set") return { sites: [], errors };
    const targets = images.map((path) => ({
      kind: "dockerfile",
      path,
      stage: void 0,
      line
    }));
    if (!/^["']?\$/.test(run.binary))
      targets.push({
        kind: "binary",
        name: basename(run.binary),
        line,
        system: isSystemPath(run.binary)
      });
    const at = run.cmd.start + (run.execAt ?? run.binaryAt);
    const add = state.kind === "unset" ? [pos.replace(file.path, at, at, "GODEBUG=madvdontneed=1 ")] : void 0;
    const site = {
      format: "script",
      file: file.path,
      anchor: pos.lineSpan(line),
      label,
      targets,
      godebug: state,
      precedence: "a script's export or command prefix replaces the GODEBUG it inherits",
      misplaced,
      add,
      inheritsImage: images.length > 0
    };
    return { sites: [site], errors };
  }
};
function setState(file, pos, a, label, how) {
  const origin = {
    file: file.path,
    span: pos.lineSpan(a.row + 1),
    value: a.value,
    what: how === "export" ? `export in ${label}` : `command prefix in ${label}`,
    evidence: [],
    rewrite: a.value.includes("$") ? void 0 : (v) => [
      pos.replace(file.path, a.from, a.to, /^[A-Za-z0-9_.,=/-]*$/.test(v) ? v : `"${v}"`)
    ]
  };
  return { kind: "set", origin };
}

// src/analyzers/runtime/run/formats.ts
var RUN_FORMATS = [kubernetes, helm, compose, systemd, script];
function readRunSites(files, dockerfiles) {
  const ctx = {
    files,
    dockerfiles,
    byPath: new Map(files.map((f) => [f.path, f])),
    cache: /* @__PURE__ */ new Map()
  };
  const sites = [];
  const errors = [];
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
          message: `cannot read as ${format.format}: ${e instanceof Error ? e.message : String(e)}`
        });
      }
    }
  }
  return { sites, errors };
}

// src/analyzers/go-version.ts
var import_range = __toESM(require_range(), 1);
var import_compare = __toESM(require_compare(), 1);
var import_inc = __toESM(require_inc(), 1);
var import_satisfies = __toESM(require_satisfies(), 1);
var import_max_satisfying = __toESM(require_max_satisfying(), 1);

// src/analyzers/go-releases.json
var go_releases_default = {
  description: "Go major releases: x.y.0 date, last patch, end of support. A release is supported until the release of the second newer major release (1.N ends when 1.(N+2).0 ships). Update by adding a row when a new major release ships and filling in endOfSupport of the release two rows up; null means still supported.",
  sources: [
    "golang/website internal/history/release.go (snapshot 2026-08-21)",
    "golang/website _content/doc/devel/release.html L16-22: 'Each major Go release is supported until there are two newer major releases.'",
    "shared/research/go-runtime-facts.md section e"
  ],
  asOf: "2026-08-21",
  releases: [
    {
      version: "1.11",
      released: "2018-08-24",
      lastPatch: "1.11.13",
      lastPatchDate: "2019-08-13",
      endOfSupport: "2019-09-03",
      madvise: "DONTNEED"
    },
    {
      version: "1.12",
      released: "2019-02-25",
      lastPatch: "1.12.17",
      lastPatchDate: "2020-02-12",
      endOfSupport: "2020-02-25",
      madvise: "FREE"
    },
    {
      version: "1.13",
      released: "2019-09-03",
      lastPatch: "1.13.15",
      lastPatchDate: "2020-08-06",
      endOfSupport: "2020-08-11",
      madvise: "FREE"
    },
    {
      version: "1.14",
      released: "2020-02-25",
      lastPatch: "1.14.15",
      lastPatchDate: "2021-02-04",
      endOfSupport: "2021-02-16",
      madvise: "FREE"
    },
    {
      version: "1.15",
      released: "2020-08-11",
      lastPatch: "1.15.15",
      lastPatchDate: "2021-08-05",
      endOfSupport: "2021-08-16",
      madvise: "FREE"
    },
    {
      version: "1.16",
      released: "2021-02-16",
      lastPatch: "1.16.15",
      lastPatchDate: "2022-03-03",
      endOfSupport: "2022-03-15",
      madvise: "DONTNEED"
    },
    {
      version: "1.17",
      released: "2021-08-16",
      lastPatch: "1.17.13",
      lastPatchDate: "2022-08-01",
      endOfSupport: "2022-08-02",
      madvise: "DONTNEED"
    },
    {
      version: "1.18",
      released: "2022-03-15",
      lastPatch: "1.18.10",
      lastPatchDate: "2023-01-10",
      endOfSupport: "2023-02-01",
      madvise: "DONTNEED"
    },
    {
      version: "1.19",
      released: "2022-08-02",
      lastPatch: "1.19.13",
      lastPatchDate: "2023-09-06",
      endOfSupport: "2023-08-08",
      madvise: "DONTNEED"
    },
    {
      version: "1.20",
      released: "2023-02-01",
      lastPatch: "1.20.14",
      lastPatchDate: "2024-02-06",
      endOfSupport: "2024-02-06",
      madvise: "DONTNEED"
    },
    {
      version: "1.21",
      released: "2023-08-08",
      lastPatch: "1.21.13",
      lastPatchDate: "2024-08-06",
      endOfSupport: "2024-08-13",
      madvise: "DONTNEED"
    },
    {
      version: "1.22",
      released: "2024-02-06",
      lastPatch: "1.22.12",
      lastPatchDate: "2025-02-04",
      endOfSupport: "2025-02-11",
      madvise: "DONTNEED"
    },
    {
      version: "1.23",
      released: "2024-08-13",
      lastPatch: "1.23.12",
      lastPatchDate: "2025-08-06",
      endOfSupport: "2025-08-12",
      madvise: "DONTNEED"
    },
    {
      version: "1.24",
      released: "2025-02-11",
      lastPatch: "1.24.13",
      lastPatchDate: "2026-02-04",
      endOfSupport: "2026-02-10",
      madvise: "DONTNEED"
    },
    {
      version: "1.25",
      released: "2025-08-12",
      lastPatch: "1.25.14",
      lastPatchDate: "2026-08-19",
      endOfSupport: "2026-08-19",
      madvise: "DONTNEED"
    },
    {
      version: "1.26",
      released: "2026-02-10",
      lastPatch: "1.26.7",
      lastPatchDate: "2026-08-19",
      endOfSupport: null,
      madvise: "DONTNEED"
    },
    {
      version: "1.27",
      released: "2026-08-19",
      lastPatch: "1.27.0",
      lastPatchDate: "2026-08-19",
      endOfSupport: null,
      madvise: "DONTNEED"
    }
  ]
};

// src/analyzers/go-version.ts
var GO_MOD_VERSION_RE = /^([1-9][0-9]*)\.(0|[1-9][0-9]*)(?:\.(0|[1-9][0-9]*))?(?:([a-z]+)([0-9]+))?$/;
function parseGoModVersion(text) {
  const m = GO_MOD_VERSION_RE.exec(text);
  if (!m) return void 0;
  return build2(text, m[1], m[2], m[3], m[4], m[5]);
}
function parseToolchainVersion(text) {
  const m = /^go(1(?:\.[0-9]+){1,2}(?:[a-z]+[0-9]+)?)(?:[-+].*)?$/.exec(text);
  return m ? parseGoModVersion(m[1] ?? "") : void 0;
}
function isValidToolchainName(text) {
  return /^default$|^go1($|\.)/.test(text);
}
function parseLooseGoVersion(text) {
  const m = /^(?:go|v)?([1-9][0-9]*)\.([0-9]+)(?:\.([0-9]+))?(?:-?(alpha|beta|rc)\.?([0-9]+))?/.exec(text);
  if (!m) return void 0;
  return build2(m[0].replace(/^(go|v)/, ""), m[1], m[2], m[3], m[4], m[5]);
}
function build2(raw, major, minor, patch, preKind, preN) {
  const v = { major: Number(major), minor: Number(minor), raw };
  if (patch !== void 0) v.patch = Number(patch);
  if (preKind !== void 0) {
    if (preKind !== "alpha" && preKind !== "beta" && preKind !== "rc") return void 0;
    v.pre = { kind: preKind, n: Number(preN) };
  }
  return v;
}
function formatGoVersion(v) {
  let s = `${v.major}.${v.minor}`;
  if (v.patch !== void 0) s += `.${v.patch}`;
  if (v.pre) s += `${v.pre.kind}${v.pre.n}`;
  return s;
}
function releasesMadvFree(v) {
  return v.major === 1 && v.minor >= 12 && v.minor < 16;
}
function hasMadvDontNeedSetting(v) {
  return v.major > 1 || v.major === 1 && v.minor >= 12;
}
var RELEASES = go_releases_default.releases;
function minorOf(r) {
  return Number(r.version.split(".")[1]);
}
function releaseOfMinor(minor) {
  return RELEASES.find((r) => minorOf(r) === minor);
}
function endOfSupport(v) {
  if (v.major !== 1) return null;
  const row = releaseOfMinor(v.minor);
  if (row) return row.endOfSupport ? /* @__PURE__ */ new Date(`${row.endOfSupport}T00:00:00Z`) : null;
  const first = RELEASES[0];
  if (first && v.minor < minorOf(first)) {
    const successor = releaseOfMinor(v.minor + 2);
    return /* @__PURE__ */ new Date(`${successor ? successor.released : first.released}T00:00:00Z`);
  }
  return null;
}
function isUnsupported(v, today) {
  const eos = endOfSupport(v);
  return eos !== null && today.getTime() >= eos.getTime();
}
function latestRelease(today) {
  let best = RELEASES[RELEASES.length - 1];
  for (const r of RELEASES) {
    if ((/* @__PURE__ */ new Date(`${r.released}T00:00:00Z`)).getTime() <= today.getTime()) best = r;
  }
  return best;
}
function knownSemvers() {
  const out = [];
  for (const r of RELEASES) {
    const last = Number(r.lastPatch.split(".")[2] ?? 0);
    for (let p = 0; p <= last; p++) out.push(`${r.version}.${p}`);
  }
  return out;
}
function parseSetupGoSpec(input) {
  const spec = input.trim();
  if (spec === "") return { kind: "unknown", reason: "empty go-version" };
  if (/^(stable|oldstable|latest|\*|x)$/i.test(spec)) return { kind: "current", reason: spec };
  if (spec.includes("${{")) return { kind: "unknown", reason: "expression" };
  const plain = /^(?:go|v)?(1\.(?:0|[1-9][0-9]*))(?:\.(x|\*|[0-9]+))?(?:-?(alpha|beta|rc)\.?([0-9]+))?$/.exec(
    spec
  );
  if (plain) {
    const text = plain[1] ?? "";
    const patch = plain[2] && /^[0-9]+$/.test(plain[2]) ? `.${plain[2]}` : "";
    const pre = plain[3] ? `${plain[3]}${plain[4] ?? ""}` : "";
    const v2 = parseGoModVersion(`${text}${patch}${pre}`);
    if (v2) return { kind: "version", version: v2 };
  }
  let range;
  try {
    range = new import_range.default(spec);
  } catch {
    return { kind: "unknown", reason: `not a version: ${spec}` };
  }
  const known = knownSemvers();
  const max = (0, import_max_satisfying.default)(known, range);
  if (!max) return { kind: "unknown", reason: `no known release satisfies ${spec}` };
  const newest = known[known.length - 1];
  if (newest && (0, import_satisfies.default)((0, import_inc.default)(newest, "minor") ?? newest, range)) {
    return { kind: "current", reason: spec };
  }
  const v = parseGoModVersion(max);
  return v ? { kind: "version", version: v } : { kind: "unknown", reason: spec };
}
function parseDockerGoTag(tag, hasDigest = false) {
  const t = tag ?? "";
  const windows = /windowsservercore|nanoserver/i.test(t);
  const none = { windows, variant: t, versionStart: 0, versionEnd: 0 };
  if (t === "") {
    return hasDigest ? { spec: { kind: "unknown", reason: "image pinned by digest only" }, ...none } : { spec: { kind: "current", reason: "untagged golang image" }, ...none };
  }
  if (t.includes("$")) return { spec: { kind: "unknown", reason: `unexpanded tag ${t}` }, ...none };
  const m = /^([1-9][0-9]*)(?:\.([0-9]+))?(?:\.([0-9]+))?(?:(rc|beta|alpha)([0-9]+)|-(rc|beta))?(?=$|-)/.exec(
    t
  );
  if (!m) {
    return { spec: { kind: "current", reason: `tag ${t} follows the newest release` }, ...none };
  }
  const variant = t.slice(m[0].length).replace(/^-/, "");
  const where = { windows, variant, versionStart: 0, versionEnd: m[0].length };
  if (m[2] === void 0) return { spec: { kind: "current", reason: `tag ${t}` }, ...where };
  let text = `${m[1]}.${m[2]}`;
  if (m[3] !== void 0) text += `.${m[3]}`;
  if (m[4] !== void 0) text += `${m[4]}${m[5]}`;
  else if (m[6] !== void 0) text += `${m[6]}1`;
  const v = parseGoModVersion(text);
  return v ? { spec: { kind: "version", version: v }, ...where } : { spec: { kind: "unknown", reason: `tag ${t}` }, ...where };
}
function parseVersionFileValue(value) {
  const s = value.trim();
  if (s === "") return { kind: "unknown", reason: "empty" };
  if (/^(latest|stable)$/i.test(s)) return { kind: "current", reason: s };
  const v = parseLooseGoVersion(s);
  return v ? { kind: "version", version: v } : { kind: "unknown", reason: `not a version: ${s}` };
}

// src/analyzers/runtime/run/dockerfile.ts
function usableGoDebug(df, stage) {
  const gd = runtimeEnv(df, stage).get("GODEBUG");
  if (!gd || isEnvAssignment(gd.assignment)) return { gd, wrapper: void 0 };
  const command = gd.assignment;
  const image = imageWithoutShell(rootBase(df, stage));
  if (!image) return { gd, wrapper: void 0 };
  const tool = command.exec ? "`env`" : command.shell ? `\`${command.shell} -c\`` : "the shell form's `/bin/sh`";
  const envs = gd.history.filter(isEnvAssignment);
  const last = envs.at(-1);
  return {
    gd: last ? { value: last.value, assignment: last, history: envs } : void 0,
    wrapper: { command, tool, image }
  };
}
function imageWithoutShell(base) {
  if (base.kind === "scratch") return "scratch";
  if (base.kind !== "image") return void 0;
  const { registry, path, tag, ref } = base.image;
  const distroless = registry === "gcr.io" && path.startsWith("distroless/") && !(tag ?? "").includes("debug");
  const chainguardStatic = registry === "cgr.dev" && path === "chainguard/static";
  return distroless || chainguardStatic ? ref : void 0;
}
function isEnvAssignment(a) {
  return "legacy" in a;
}

// src/analyzers/runtime/site-rules.ts
function stageNamed(df, name) {
  if (name === void 0) return finalStage(df);
  return df.stages.find((s) => s.name === name) ?? finalStage(df);
}
function judgeSite(ls, df, unitStage) {
  const { site, link } = ls;
  const stage = df ? link.stage ? stageNamed(df, link.stage) : unitStage : void 0;
  const image = df && stage && site.inheritsImage ? usableGoDebug(df, stage).gd : void 0;
  let value;
  let from = "none";
  if (site.godebug.kind === "set") {
    value = site.godebug.origin.value;
    from = "site";
  } else if (df && site.inheritsImage) {
    value = image?.value;
    from = "image";
  }
  const p = parseGoDebug(value ?? "");
  let status = "lacking";
  if (p.madvdontneed !== void 0 && p.madvdontneed !== 0) status = "fixed";
  else if (from === "site" && p.madvdontneed === 0) status = "off";
  else if (from === "site" && p.madvdontneed === void 0 && p.ignored.length > 0)
    status = "ignored";
  else if (from === "site" && image && setsMadvDontNeed(image.value)) status = "overridden";
  return { site: ls, value, from, status, image, imageFile: df?.file };
}
function startsWith(j) {
  const s = j.site.site;
  if (j.from === "site" && s.godebug.kind === "set")
    return `GODEBUG=${j.value} from ${s.godebug.origin.what}`;
  if (j.from === "image" && j.value !== void 0) return `the image's GODEBUG=${j.value}`;
  return j.from === "image" ? "no GODEBUG (neither here nor in the image)" : "no GODEBUG";
}
function siteName(j) {
  return `${j.site.site.label} in ${j.site.site.file}`;
}
function linkEvidence(ls) {
  return {
    file: ls.link.file,
    line: ls.link.line,
    message: `${ls.site.label} is linked to this build: ${ls.link.how}`
  };
}
function siteEvidence(j) {
  const s = j.site.site;
  const out = [];
  const where = startsWith(j);
  const line = s.godebug.kind === "set" ? s.godebug.origin : { file: s.file, span: s.anchor };
  out.push({
    file: line.file,
    line: line.span.line,
    message: `${s.label} starts the binary with ${where}`
  });
  if (s.godebug.kind === "set") out.push(...s.godebug.origin.evidence);
  out.push(linkEvidence(j.site));
  return out;
}
function siteFix(site) {
  if (site.godebug.kind === "set") {
    const o = site.godebug.origin;
    if (!o.rewrite) return void 0;
    return {
      description: `Add madvdontneed=1 to the GODEBUG of ${site.label}, keeping its other settings`,
      edits: o.rewrite(rewriteWithMadvDontNeed(o.value))
    };
  }
  if (site.godebug.kind === "unset" && site.add)
    return {
      description: `Set GODEBUG=madvdontneed=1 for ${site.label}`,
      edits: site.add,
      safe: true
    };
  return void 0;
}
function siteSpan(site) {
  return site.godebug.kind === "set" ? { file: site.godebug.origin.file, span: site.godebug.origin.span } : { file: site.file, span: site.anchor };
}
function siteMadvFinding(j, d, all, rec, imageSets, upgrade) {
  const v = d.spec.version;
  const s = j.site.site;
  const at = siteSpan(s);
  const others = all.filter((o) => o.status === "fixed");
  const setters = [
    ...others.map(siteName),
    ...imageSets ? [`the image (${imageSets.file})`] : []
  ];
  const fix = siteFix(s);
  const starts = startsWith(j);
  return finding("madv-free-build", d.proof === "proven" ? "error" : "warning", at.file, at.span, {
    message: `${s.label} starts a binary built with Go ${formatGoVersion(v)} (${d.what}) with ${starts}, while ${setters.join("; ") || "other run sites"} ${setters.length === 1 ? "sets" : "set"} madvdontneed=1: ${MADV_EXPLANATION}. Set GODEBUG=madvdontneed=1 here too, or build with Go >= 1.16 (better a supported release such as Go ${rec.version}).`,
    evidence: [
      { file: d.file, line: d.span.line, message: `built with ${d.what}` },
      ...s.godebug.kind === "set" ? s.godebug.origin.evidence : [],
      linkEvidence(j.site),
      ...imageSets ? [imageSets] : [],
      ...others.flatMap((o) => {
        const oa = siteSpan(o.site.site);
        return [
          {
            file: oa.file,
            line: oa.span.line,
            message: `${o.site.site.label} sets madvdontneed=1`
          }
        ];
      })
    ],
    fixes: [fix, upgrade].filter((f) => f !== void 0)
  });
}
function judgedSiteFindings(j, affected, knownUnaffected, decisions) {
  const out = [];
  const image = j.image;
  const s = j.site.site;
  const at = siteSpan(s);
  const link = linkEvidence(j.site);
  const originEvidence = s.godebug.kind === "set" ? s.godebug.origin.evidence : [];
  const fix = siteFix(s);
  const fixes = fix ? [fix] : [];
  const built = affected[0] ? `the binary built with Go ${formatGoVersion(affected[0].spec.version)}` : "the binary";
  const buildEvidence = affected.map((d) => ({
    file: d.file,
    line: d.span.line,
    message: `built with ${d.what}`
  }));
  if (j.status === "off" && madvSettingMatters(decisions)) {
    out.push(
      finding("godebug-madvdontneed-off", "error", at.file, at.span, {
        message: `${s.godebug.kind === "set" ? s.godebug.origin.what : s.label} sets GODEBUG=${j.value}: madvdontneed=0 selects MADV_FREE on every Go from 1.12 on (including 1.16 and later), so RSS and cgroup usage stay at their peak after GC until the kernel is short of memory (monitors/autoscalers see a leak).`,
        evidence: [...originEvidence, link, ...buildEvidence],
        fixes
      })
    );
  }
  if (j.status === "ignored" && affected.length > 0) {
    const first = parseGoDebug(j.value ?? "").ignored[0];
    out.push(
      finding("godebug-ignored", "error", at.file, at.span, {
        message: `GODEBUG=${j.value} at ${s.label} names madvdontneed in a form the Go runtime silently ignores (${IGNORED_TEXT[first.reason]}), so ${built} keeps releasing memory with MADV_FREE.`,
        evidence: [...originEvidence, link, ...buildEvidence],
        fixes
      })
    );
  }
  if (j.status === "overridden" && affected.length > 0 && image) {
    const a = image.assignment;
    out.push(
      finding("godebug-overridden", "error", at.file, at.span, {
        message: `${s.godebug.kind === "set" ? s.godebug.origin.what : s.label} sets GODEBUG=${j.value}, which replaces the image's GODEBUG=${image.value} instead of adding to it (${s.precedence}), so ${built} starts without madvdontneed=1: RSS and cgroup usage stay at their peak after GC until the kernel is short of memory. Add madvdontneed=1 to this value.`,
        evidence: [
          {
            file: j.imageFile ?? "",
            line: a.span.line,
            message: `the image sets GODEBUG=${image.value}`
          },
          ...originEvidence,
          link,
          ...buildEvidence
        ],
        fixes
      })
    );
  }
  if (j.status !== "fixed" && !knownUnaffected) {
    for (const m of s.misplaced) {
      out.push(
        finding("godebug-not-at-runtime", "error", m.file, m.span, {
          message: m.message,
          evidence: [
            {
              file: at.file,
              line: at.span.line,
              message: `${s.label}, where the binary runs, does not get madvdontneed=1`
            },
            link
          ],
          fixes
        })
      );
    }
  }
  return out;
}
function madvSettingMatters(decisions) {
  return decisions.length === 0 || decisions.some(
    (d) => !d.windows && (d.spec.kind !== "version" || hasMadvDontNeedSetting(d.spec.version))
  );
}
function unlinkedSiteFindings(site) {
  if (site.godebug.kind !== "set") return [];
  const o = site.godebug.origin;
  const p = parseGoDebug(o.value);
  const fix = siteFix(site);
  const note = {
    file: site.file,
    line: site.anchor.line,
    message: `${site.label} runs nothing this repository is known to build, so no Go version is known`
  };
  if (p.madvdontneed === 0)
    return [
      finding("godebug-madvdontneed-off", "error", o.file, o.span, {
        message: `${o.what} sets GODEBUG=${o.value}: madvdontneed=0 selects MADV_FREE on every Go from 1.12 on (including 1.16 and later), so RSS and cgroup usage stay at their peak after GC until the kernel is short of memory (monitors/autoscalers see a leak).`,
        evidence: [note],
        fixes: fix ? [fix] : []
      })
    ];
  if (p.madvdontneed === void 0 && p.ignored.length > 0)
    return [
      finding("godebug-ignored", "warning", o.file, o.span, {
        message: `GODEBUG=${o.value} at ${site.label} names madvdontneed in a form the Go runtime silently ignores (${IGNORED_TEXT[p.ignored[0].reason]}): a binary built with Go 1.12\u20131.15 keeps releasing memory with MADV_FREE.`,
        evidence: [note],
        fixes: fix ? [fix] : []
      })
    ];
  return [];
}

// src/analyzers/runtime/build/build-go.ts
function parseWorkflow(file) {
  const info = { file: file.path, setupGo: [], containers: [], errors: [] };
  const text = file.text;
  if (!text.includes("setup-go") && !/container["']?[ \t]*:/.test(text)) return info;
  const starts = lineStarts(text);
  const toSpan = (from, to) => {
    const a = position(text, starts, from);
    const b = position(text, starts, to);
    return { line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
  };
  const scalar = (node) => {
    if (!isScalar(node) || !node.range) return void 0;
    const [from, to] = node.range;
    let src = text.slice(from, to);
    let quote = "";
    if (node.type === "QUOTE_DOUBLE" || node.type === "QUOTE_SINGLE") {
      quote = node.type === "QUOTE_DOUBLE" ? '"' : "'";
      src = typeof node.value === "string" ? node.value : src.slice(1, -1);
    } else if (node.type === "BLOCK_LITERAL" || node.type === "BLOCK_FOLDED") {
      src = String(node.value);
    }
    return { text: src.trim(), span: toSpan(from, to), quote };
  };
  try {
    const doc = readYamlDocument(text);
    for (const e of doc.errors) {
      const at = e.linePos?.[0];
      info.errors.push({
        file: file.path,
        line: at?.line ?? 1,
        message: `invalid YAML: ${yamlMessage(e.message)}`
      });
    }
    const jobs = isMap(doc.contents) ? doc.contents.get("jobs", true) : void 0;
    if (!isMap(jobs)) return info;
    for (const pair of jobs.items) {
      const jobName = isScalar(pair.key) ? String(pair.key.value) : "";
      const job = pair.value;
      if (!isMap(job)) continue;
      const matrix = getPath(job, ["strategy", "matrix"]);
      const container = job.get("container", true);
      const image = isMap(container) ? scalar(container.get("image", true)) : scalar(container);
      const steps = job.get("steps", true);
      let jobHasSetupGo = false;
      if (isSeq(steps)) {
        for (const step of steps.items) {
          if (!isMap(step)) continue;
          const uses = scalar(step.get("uses", true));
          if (!uses || !/^actions\/setup-go(@|$)/.test(uses.text)) continue;
          jobHasSetupGo = true;
          const withMap = step.get("with", true);
          const resolve = (key) => {
            if (!isMap(withMap)) return void 0;
            const s = scalar(withMap.get(key, true));
            return s ? resolveMatrix(s, matrix, scalar) : void 0;
          };
          const ref = /@v?([0-9]+)/.exec(uses.text);
          info.setupGo.push({
            file: file.path,
            job: jobName,
            uses: uses.text,
            major: ref ? Number(ref[1]) : void 0,
            goVersion: resolve("go-version"),
            goVersionFile: resolve("go-version-file")
          });
        }
      }
      if (image && !jobHasSetupGo) info.containers.push({ file: file.path, job: jobName, image });
    }
  } catch (e) {
    info.errors.push({
      file: file.path,
      line: 1,
      message: `cannot read workflow: ${yamlMessage(e instanceof Error ? e.message : String(e))}`
    });
  }
  return info;
}
function yamlMessage(message) {
  let first = message.split("\n", 1)[0] ?? "";
  const at = first.lastIndexOf(" at line ");
  if (at >= 0) first = first.slice(0, at);
  const quote = first.indexOf(': "');
  if (quote >= 0) first = first.slice(0, quote);
  const quote2 = first.indexOf('"');
  if (quote2 >= 0) first = first.slice(0, quote2).trimEnd();
  return snippet(first, 120);
}
function getPath(map, path) {
  let node = map;
  for (const key of path) {
    if (!isMap(node)) return void 0;
    node = node.get(key, true);
  }
  return node;
}
function resolveMatrix(s, matrix, scalar) {
  const m = /^\$\{\{\s*matrix\.([\w-]+)\s*\}\}$/.exec(s.text);
  if (!m || !isMap(matrix)) return s;
  const values = matrix.get(m[1] ?? "", true);
  if (isSeq(values) && values.items.length === 1) return scalar(values.items[0]) ?? s;
  if (isScalar(values)) return scalar(values) ?? s;
  return s;
}
function lineStarts(text) {
  const starts = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return starts;
}
function position(text, starts, offset) {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = lo + hi + 1 >> 1;
    if ((starts[mid] ?? 0) <= offset) lo = mid;
    else hi = mid - 1;
  }
  const start = starts[lo] ?? 0;
  return { line: lo + 1, column: utf8Length(text, start, offset) + 1 };
}
function dirOf(path) {
  const i = path.lastIndexOf("/");
  return i < 0 ? "" : path.slice(0, i);
}
function isWithin(dir, ancestor) {
  return ancestor === "" || dir === ancestor || dir.startsWith(`${ancestor}/`);
}
function moduleFor(dir, goMods) {
  let best;
  for (const m of goMods) {
    const d = dirOf(m.file);
    if (isWithin(dir, d) && (!best || d.length > dirOf(best.file).length)) best = m;
  }
  return best;
}
function buildUnits(inputs, targets = /* @__PURE__ */ new Map()) {
  const units = [];
  const covered = /* @__PURE__ */ new Set();
  for (const df of inputs.dockerfiles) {
    const module = moduleFor(dirOf(df.file), inputs.goMods);
    if (module) covered.add(module);
    const t = targets.get(df.file);
    const stages = [...t?.targets ?? []].sort().map((name) => df.stages.find((s) => s.name === name)).filter((s) => s !== void 0);
    const last = finalStage(df);
    if (stages.length === 0 || t?.untargeted) stages.push(...last ? [last] : []);
    if (stages.length === 0) {
      units.push({ dockerfile: df, module, decisions: decide(df, module, dirOf(df.file), inputs) });
      continue;
    }
    for (const stage of new Set(stages)) {
      units.push({
        dockerfile: df,
        stage: stage === last ? void 0 : stage,
        module,
        decisions: decide(df, module, dirOf(df.file), inputs, stage)
      });
    }
  }
  for (const m of inputs.goMods) {
    if (covered.has(m)) continue;
    units.push({
      dockerfile: void 0,
      module: m,
      decisions: decide(void 0, m, dirOf(m.file), inputs)
    });
  }
  return units;
}
function decide(df, module, dir, inputs, final) {
  if (df) {
    const builders = dockerBuilders(df, final);
    if (builders.length > 0) return builders;
  }
  const scopeDir = module ? dirOf(module.file) : dir;
  const ci = ciDecisions(inputs, scopeDir, df);
  if (ci.some((d) => d.spec.kind !== "unknown")) return ci.filter((d) => d.spec.kind !== "unknown");
  const vf = versionFileDecision(inputs.versionFiles, scopeDir);
  if (vf) return [vf];
  if (module?.toolchain?.version) {
    const t = module.toolchain;
    return [
      {
        spec: { kind: "version", version: t.version },
        windows: false,
        proof: "suggested",
        source: "toolchain",
        file: module.file,
        span: lineSpan(t.span),
        what: `go.mod toolchain ${t.name}`,
        evidence: [],
        versionText: { file: module.file, span: lineSpan(t.span), text: t.name, kind: "toolchain" }
      }
    ];
  }
  if (module?.go) {
    const g = module.go;
    return [
      {
        spec: { kind: "version", version: g.version },
        windows: false,
        proof: "suggested",
        source: "go-line",
        file: module.file,
        span: lineSpan(g.span),
        what: `go.mod go ${g.text}`,
        evidence: [],
        versionText: { file: module.file, span: lineSpan(g.span), text: g.text, kind: "go-line" }
      }
    ];
  }
  return [];
}
function lineSpan(s) {
  return { line: s.line, column: s.column, endLine: s.line, endColumn: s.endColumn };
}
function dockerBuilders(df, final = finalStage(df)) {
  if (!final) return [];
  const out = [];
  const seenRoots = /* @__PURE__ */ new Set();
  for (const s of contributingStages(df, final)) {
    const chainRoot = rootStage(df, s);
    if (seenRoots.has(chainRoot.index)) continue;
    const base = rootBase(df, s);
    if (base.kind !== "image" || !isGolangImage(base.image)) continue;
    seenRoots.add(chainRoot.index);
    const tag = parseDockerGoTag(base.image.tag, base.image.digest !== void 0);
    const platformWindows = /^windows/i.test(chainRoot.from.platform ?? "");
    const evidence = [];
    for (const a of chainRoot.from.argsUsed) {
      evidence.push({
        file: df.file,
        line: a.span.line,
        message: `ARG ${a.name}${a.raw !== void 0 ? `=${a.raw}` : ""} (the default; a --build-arg can override it)`
      });
    }
    if (chainRoot !== final) {
      const fromBuilder = (c) => {
        const src = c.stage === void 0 ? void 0 : df.stages[c.stage];
        return src !== void 0 && rootStage(df, src) === chainRoot;
      };
      const copy = final.copyFrom.find(fromBuilder) ?? final.copyFrom.find((c) => c.stage !== void 0);
      if (copy)
        evidence.push({
          file: df.file,
          line: copy.span.line,
          message: `the final stage copies from stage ${copy.ref}`
        });
    }
    const name = chainRoot.name ? ` in stage "${chainRoot.name}"` : "";
    out.push({
      spec: tag.spec,
      windows: tag.windows || platformWindows,
      proof: "proven",
      source: "dockerfile",
      file: df.file,
      span: chainRoot.from.imageSpan,
      what: `${chainRoot.from.image ?? chainRoot.from.rawImage}${name}`,
      evidence,
      versionText: dockerVersionText(df, chainRoot, tag.spec),
      stage: chainRoot
    });
  }
  return out;
}
function dockerVersionText(df, stage, spec) {
  if (spec.kind !== "version") return void 0;
  const raw = stage.from.rawImage;
  if (!raw.includes("$")) {
    const colon = raw.lastIndexOf(":");
    const at = raw.indexOf("@");
    if (colon < 0 || stage.from.imageSpan.line !== stage.from.imageSpan.endLine) return void 0;
    const tagEnd = at > colon ? at : raw.length;
    const tag = raw.slice(colon + 1, tagEnd);
    const startCol = stage.from.imageSpan.column + utf8Length(raw, 0, colon + 1);
    return {
      file: df.file,
      span: {
        line: stage.from.imageSpan.line,
        column: startCol,
        endLine: stage.from.imageSpan.line,
        endColumn: startCol + utf8Length(tag)
      },
      text: tag,
      kind: "docker-tag"
    };
  }
  const version = spec.version.raw;
  for (const a of stage.from.argsUsed) {
    if (a.raw !== void 0 && a.valueSpan && a.raw.includes(version) && a.valueSpan.line === a.valueSpan.endLine) {
      return { file: df.file, span: a.valueSpan, text: a.raw, kind: "arg-default" };
    }
  }
  const idx = raw.indexOf(version);
  if (idx >= 0 && stage.from.imageSpan.line === stage.from.imageSpan.endLine) {
    const col = stage.from.imageSpan.column + utf8Length(raw, 0, idx);
    return {
      file: df.file,
      span: {
        line: stage.from.imageSpan.line,
        column: col,
        endLine: stage.from.imageSpan.line,
        endColumn: col + utf8Length(version)
      },
      text: version,
      kind: "arg-default"
    };
  }
  return void 0;
}
function normalizePath(p) {
  return p.replace(/^\.\//, "").replace(/^\/+/, "").replace(/\/\.\//g, "/");
}
function ciDecisions(inputs, scopeDir, df) {
  const out = [];
  const dockerEvidence = df ? [
    {
      file: df.file,
      line: finalStage(df)?.from.span.line ?? 1,
      message: "the image copies a binary built outside Docker"
    }
  ] : [];
  for (const wf of inputs.workflows) {
    for (const step of wf.setupGo) {
      if (step.goVersion) {
        const spec = parseSetupGoSpec(step.goVersion.text);
        out.push({
          spec,
          windows: false,
          proof: "proven",
          source: "setup-go",
          file: step.file,
          span: step.goVersion.span,
          what: `actions/setup-go go-version ${step.goVersion.text} in job ${step.job}`,
          evidence: [...dockerEvidence],
          versionText: {
            file: step.file,
            span: step.goVersion.span,
            text: step.goVersion.text,
            kind: "yaml-scalar"
          }
        });
        continue;
      }
      if (!step.goVersionFile) continue;
      const target = normalizePath(step.goVersionFile.text);
      if (!isWithin(dirOf(target), scopeDir) && !isWithin(scopeDir, dirOf(target))) continue;
      const viaFile = resolveVersionFile(target, step, inputs);
      if (!viaFile) continue;
      viaFile.evidence.push(
        {
          file: step.file,
          line: step.goVersionFile.span.line,
          message: `actions/setup-go installs Go from ${target} (job ${step.job})`
        },
        ...dockerEvidence
      );
      out.push(viaFile);
    }
    for (const c of wf.containers) {
      const ref = c.image.text;
      const image = parseImageRef(ref);
      if (!/(^|\/)golang$/.test(image.path)) continue;
      const tag = parseDockerGoTag(image.tag, image.digest !== void 0);
      out.push({
        spec: tag.spec,
        windows: tag.windows,
        proof: "proven",
        source: "job-container",
        file: c.file,
        span: c.image.span,
        what: `job container ${ref} in job ${c.job}`,
        evidence: [...dockerEvidence],
        versionText: void 0
      });
    }
  }
  return out;
}
function resolveVersionFile(target, step, inputs) {
  const base = {
    windows: false,
    proof: "proven",
    source: "setup-go",
    evidence: []
  };
  const mod = inputs.goMods.find((m) => m.file === target);
  if (mod) {
    const t = mod.toolchain;
    if (t?.version && (step.major === void 0 || step.major >= 6)) {
      const span2 = lineSpan(t.span);
      return {
        ...base,
        spec: { kind: "version", version: t.version },
        file: mod.file,
        span: span2,
        what: `${mod.file} toolchain ${t.name} via actions/setup-go go-version-file`,
        versionText: { file: mod.file, span: span2, text: t.name, kind: "toolchain" }
      };
    }
    if (!mod.go) return void 0;
    const numeric = /^[0-9]+(\.[0-9]+)*/.exec(mod.go.text)?.[0] ?? mod.go.text;
    const v = parseGoModVersion(numeric);
    const span = lineSpan(mod.go.span);
    return {
      ...base,
      spec: v ? { kind: "version", version: v } : { kind: "unknown", reason: mod.go.text },
      file: mod.file,
      span,
      what: `${mod.file} go ${mod.go.text} via actions/setup-go go-version-file`,
      versionText: { file: mod.file, span, text: mod.go.text, kind: "go-line" }
    };
  }
  const vf = inputs.versionFiles.find((f) => f.path === target);
  if (vf) {
    const d = versionFileValue(vf);
    if (d)
      return {
        ...d,
        proof: "proven",
        source: "setup-go",
        what: `${d.what} via actions/setup-go go-version-file`
      };
  }
  return void 0;
}
function versionFileDecision(files, scopeDir) {
  let best;
  for (const f of files) {
    const d = dirOf(f.path);
    if (!isWithin(scopeDir, d)) continue;
    if (!best || d.length > dirOf(best.path).length || d.length === dirOf(best.path).length && f.path.endsWith(".go-version")) {
      best = f;
    }
  }
  return best ? versionFileValue(best) : void 0;
}
function versionFileValue(f) {
  const lines = f.text.replace(/^\uFEFF/, "").split("\n");
  const isToolVersions = f.path.endsWith(".tool-versions");
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? "").replace(/\r$/, "");
    let value;
    let startCol = 0;
    if (isToolVersions) {
      const m = /^(golang|go)\s+(\S+)/.exec(line);
      if (!m) continue;
      value = m[2];
      startCol = line.indexOf(value ?? "", (m[1] ?? "").length);
    } else {
      if (line.trim() === "" || line.trim().startsWith("#")) continue;
      value = line.trim();
      startCol = line.indexOf(value);
    }
    if (value === void 0) continue;
    const spec = parseVersionFileValue(value);
    const column = utf8Length(line, 0, startCol) + 1;
    const span = {
      line: i + 1,
      column,
      endLine: i + 1,
      endColumn: column + utf8Length(value)
    };
    return {
      spec,
      windows: false,
      proof: "suggested",
      source: "version-file",
      file: f.path,
      span,
      what: `${f.path} ${value}`,
      evidence: [],
      versionText: { file: f.path, span, text: value, kind: "version-file" }
    };
  }
  return void 0;
}

// src/analyzers/gomod.ts
var BLOCK_VERBS = /* @__PURE__ */ new Set([
  "module",
  "godebug",
  "require",
  "exclude",
  "replace",
  "retract",
  "tool",
  "ignore"
]);
var DIRECTIVES = /* @__PURE__ */ new Set([...BLOCK_VERBS, "go", "toolchain"]);
function parseGoMod(file, text) {
  const mod = {
    file,
    module: void 0,
    go: void 0,
    toolchain: void 0,
    godebug: [],
    errors: []
  };
  const err = (line, message) => {
    mod.errors.push({ file, line, message });
  };
  if (text.startsWith("\uFEFF")) {
    err(
      1,
      "unexpected input character '\\ufeff' (a UTF-8 byte order mark): the go command rejects this go.mod; save it without the BOM"
    );
  }
  let statements;
  try {
    statements = toStatements(tokenize(text, err), err);
  } catch (e) {
    err(1, `cannot parse: ${e instanceof Error ? e.message : String(e)}`);
    return mod;
  }
  for (const st of statements) {
    const verb = st.inBlock ?? st.tokens[0]?.text ?? "";
    const args = st.inBlock ? st.tokens : st.tokens.slice(1);
    if (!DIRECTIVES.has(verb)) {
      err(st.line, `unknown directive: ${snippet(verb)}`);
      continue;
    }
    switch (verb) {
      case "module":
        if (args.length !== 1) err(st.line, "usage: module module/path");
        else mod.module = args[0]?.value;
        break;
      case "go": {
        if (mod.go) {
          err(st.line, "repeated go statement");
          break;
        }
        const a = args[0];
        if (args.length !== 1 || !a) {
          err(st.line, "go directive expects exactly one argument");
          break;
        }
        const v = parseGoModVersion(a.value);
        if (!v) {
          err(st.line, `invalid go version '${snippet(a.value)}': must match format 1.23.0`);
          break;
        }
        mod.go = { text: a.value, version: v, span: a.span };
        break;
      }
      case "toolchain": {
        if (mod.toolchain) {
          err(st.line, "repeated toolchain statement");
          break;
        }
        const a = args[0];
        if (args.length !== 1 || !a) {
          err(st.line, "toolchain directive expects exactly one argument");
          break;
        }
        if (!isValidToolchainName(a.value)) {
          err(
            st.line,
            `invalid toolchain version '${snippet(a.value)}': must match format go1.23.0 or default`
          );
          break;
        }
        mod.toolchain = { name: a.value, version: parseToolchainVersion(a.value), span: a.span };
        break;
      }
      case "godebug": {
        const a = args[0];
        const eq = a ? a.value.indexOf("=") : -1;
        if (args.length !== 1 || !a || /["`',]/.test(a.value) || eq <= 0) {
          err(st.line, "usage: godebug key=value");
          break;
        }
        mod.godebug.push({
          key: a.value.slice(0, eq),
          value: a.value.slice(eq + 1),
          span: a.span,
          inBlock: st.inBlock !== void 0,
          line: st.line
        });
        break;
      }
      default:
        break;
    }
  }
  return mod;
}
function tokenize(text, err) {
  const src = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const lines = src.split("\n");
  const out = [];
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const rawLine = lines[i] ?? "";
    const line = rawLine.endsWith("\r") ? rawLine.slice(0, -1) : rawLine;
    const bomBytes = i === 0 && src !== text ? 3 : 0;
    out.push(
      NON_ASCII.test(line) ? tokenizeLine(line, lineNo, bomBytes, err) : tokenizeAsciiLine(line, lineNo, bomBytes, err)
    );
  }
  return out;
}
var NON_ASCII = /[^\x00-\x7f]/;
var BLANKS2 = /[\t\n\v\f\r ]*/y;
var IDENT_RUN = /[^\x00-\x20\x7f()[\]{},]+/y;
var PUNCT = "()[]{},";
function tokenizeAsciiLine(line, lineNo, bomBytes, err) {
  const tokens2 = [];
  const token = (start, end, value) => {
    const raw = line.slice(start, end);
    tokens2.push({
      text: raw,
      value: value ?? raw,
      span: { line: lineNo, column: bomBytes + start + 1, endColumn: bomBytes + end + 1 }
    });
  };
  let comment = line.indexOf("//");
  let p = 0;
  for (; ; ) {
    BLANKS2.lastIndex = p;
    BLANKS2.test(line);
    p = BLANKS2.lastIndex;
    if (p >= line.length) break;
    const c = line[p] ?? "";
    if (line.startsWith("//", p)) break;
    if (line.startsWith("/*", p)) {
      err(lineNo, "mod files must use // comments (not /* */ comments)");
      break;
    }
    if (PUNCT.includes(c)) {
      token(p, p + 1);
      p++;
      continue;
    }
    if (c === '"' || c === "`") {
      const end2 = quoteEnd(line, p);
      if (end2 < 0) {
        err(lineNo, "unterminated quoted string");
        break;
      }
      token(p, end2, unquote(line.slice(p, end2)));
      p = end2;
      continue;
    }
    IDENT_RUN.lastIndex = p;
    if (!IDENT_RUN.test(line)) {
      err(lineNo, `unexpected input character ${JSON.stringify(c)}`);
      break;
    }
    let end = IDENT_RUN.lastIndex;
    if (comment >= 0 && comment <= p) comment = line.indexOf("//", p + 1);
    if (comment >= 0 && comment < end) end = comment;
    token(p, end);
    p = end;
  }
  return tokens2;
}
function quoteEnd(line, start) {
  const c = line[start];
  let q = start + 1;
  while (q < line.length) {
    if (c === '"' && line[q] === "\\") {
      q += 2;
      continue;
    }
    if (line[q] === c) return q + 1;
    q++;
  }
  return -1;
}
function tokenizeLine(line, lineNo, bomBytes, err) {
  const col = (utf16) => bomBytes + utf8Length(line, 0, utf16) + 1;
  const tokens2 = [];
  let p = 0;
  while (p < line.length) {
    const c = line[p] ?? "";
    if (isSpace(c)) {
      p++;
      continue;
    }
    if (line.startsWith("//", p)) break;
    if (line.startsWith("/*", p)) {
      err(lineNo, "mod files must use // comments (not /* */ comments)");
      break;
    }
    const start = p;
    if (PUNCT.includes(c)) {
      p++;
      tokens2.push({
        text: c,
        value: c,
        span: { line: lineNo, column: col(start), endColumn: col(p) }
      });
      continue;
    }
    if (c === '"' || c === "`") {
      const end = quoteEnd(line, p);
      if (end < 0) {
        err(lineNo, "unterminated quoted string");
        break;
      }
      p = end;
      const raw2 = line.slice(start, p);
      tokens2.push({
        text: raw2,
        value: unquote(raw2),
        span: { line: lineNo, column: col(start), endColumn: col(p) }
      });
      continue;
    }
    while (p < line.length && isIdent(line[p] ?? "") && !line.startsWith("//", p)) p++;
    if (p === start) {
      err(lineNo, `unexpected input character ${JSON.stringify(c)}`);
      break;
    }
    const raw = line.slice(start, p);
    tokens2.push({
      text: raw,
      value: raw,
      span: { line: lineNo, column: col(start), endColumn: col(p) }
    });
  }
  return tokens2;
}
function isSpace(c) {
  const code = c.charCodeAt(0);
  if (code < 128) return code === 32 || code >= 9 && code <= 13;
  return /\s/.test(c);
}
function isIdent(c) {
  const code = c.charCodeAt(0);
  if (code < 128) return code > 32 && code !== 127 && !" ()[]{},".includes(c);
  return !/\s/.test(c) && !/[\p{Cc}\p{Cf}]/u.test(c);
}
function unquote(raw) {
  if (raw.startsWith("`")) return raw.slice(1, -1);
  try {
    const v = JSON.parse(raw);
    return typeof v === "string" ? v : raw.slice(1, -1);
  } catch {
    return raw.slice(1, -1);
  }
}
function toStatements(lines, err) {
  const out = [];
  let block;
  lines.forEach((tokens2, i) => {
    const lineNo = i + 1;
    if (tokens2.length === 0) return;
    const last = tokens2[tokens2.length - 1];
    if (block) {
      if (tokens2.length === 1 && last?.text === ")") {
        block = void 0;
        return;
      }
      if (tokens2.some((t) => t.text === "(" || t.text === ")")) {
        err(lineNo, "syntax error: unexpected parenthesis inside block");
        return;
      }
      out.push({ tokens: tokens2, line: lineNo, inBlock: block.verb });
      return;
    }
    if (last?.text === "(") {
      const verbTokens = tokens2.slice(0, -1);
      const verb = verbTokens[0]?.text ?? "";
      if (verbTokens.length !== 1) {
        err(lineNo, "syntax error: unexpected (");
        return;
      }
      if (!BLOCK_VERBS.has(verb)) {
        err(
          lineNo,
          DIRECTIVES.has(verb) ? `unknown block type: ${snippet(verb)}` : `unknown directive: ${snippet(verb)}`
        );
      }
      block = { verb: BLOCK_VERBS.has(verb) ? verb : "", line: lineNo };
      return;
    }
    const paren = tokens2.findIndex((t) => t.text === "(" || t.text === ")");
    if (paren >= 0) {
      const p = tokens2[paren];
      if (tokens2.length === 3 && tokens2[1]?.text === "(" && tokens2[2]?.text === ")") return;
      err(lineNo, `syntax error: unexpected ${snippet(p?.text ?? "(")}`);
      return;
    }
    out.push({ tokens: tokens2, line: lineNo });
  });
  if (block) err(block.line, "syntax error: unterminated block started at this line (missing ')')");
  return out.filter((s) => s.inBlock !== "");
}

// src/analyzers/runtime/rules.ts
async function prepareBuilds(inputs) {
  if (inputs.dockerfiles.some((f) => needsFullParser(f.text))) await loadFullDockerfileParser();
}
function analyzeBuilds(inputs, options) {
  const findings = [];
  const errors = [];
  const failed = /* @__PURE__ */ new Set();
  const guard = (file, what, fn) => {
    try {
      return fn();
    } catch (e) {
      const text = e instanceof RangeError ? "too deeply nested" : e instanceof Error ? e.message : String(e);
      errors.push({ file, message: `${what}: ${text.split("\n")[0].slice(0, 200)}` });
      if (file !== "") failed.add(file);
      return void 0;
    }
  };
  const goMods = [];
  for (const f of inputs.goMods) {
    const mod = guard(f.path, "cannot parse go.mod", () => parseGoMod(f.path, f.text));
    if (!mod) continue;
    goMods.push(mod);
    errors.push(...mod.errors.map((e) => ({ file: e.file, line: e.line, message: e.message })));
    guard(f.path, "internal error", () => findings.push(...goModGodebugFindings(mod, f.text)));
  }
  const dockerfiles = [];
  for (const f of inputs.dockerfiles) {
    const df = guard(f.path, "cannot parse Dockerfile", () => parseDockerfile(f.path, f.text));
    if (!df) continue;
    dockerfiles.push(df);
    errors.push(...df.errors);
  }
  const workflows = [];
  for (const f of inputs.workflows) {
    const wf = guard(f.path, "cannot read workflow", () => parseWorkflow(f));
    if (!wf) continue;
    workflows.push(wf);
    errors.push(...wf.errors);
  }
  const runFiles = inputs.runFiles ?? [];
  const records = guard("", "cannot read image builds", () => dockerBuildRecords(inputs.workflows, runFiles)) ?? [];
  const all = { goMods, dockerfiles, workflows, versionFiles: inputs.versionFiles };
  const targets = guard("", "cannot read build targets", () => dockerfileTargets(records));
  let units;
  try {
    units = buildUnits(all, targets);
  } catch {
    units = [];
    const alone = { ...all, dockerfiles: [] };
    units.push(
      ...guard("", "cannot connect build inputs", () => buildUnits(alone, targets)) ?? []
    );
    for (const df of dockerfiles) {
      const one = guard(
        df.file,
        "cannot connect the Dockerfile to its build",
        () => buildUnits({ ...alone, dockerfiles: [df] }, targets).filter((u) => u.dockerfile === df)
      );
      if (one) units.push(...one);
    }
  }
  const run = guard("", "cannot read run sites", () => readRunSites(runFiles, dockerfiles));
  if (run) errors.push(...run.errors);
  const builds = guard(
    "",
    "cannot link run sites",
    () => collectBuilds({
      units,
      records,
      dockerfiles,
      goMods,
      workflows: inputs.workflows,
      runFiles,
      goPaths: inputs.goPaths ?? []
    })
  ) ?? {
    list: [],
    byImage: /* @__PURE__ */ new Map(),
    byBinary: /* @__PURE__ */ new Map(),
    byDockerfile: /* @__PURE__ */ new Map(),
    aliases: /* @__PURE__ */ new Map()
  };
  const linked = /* @__PURE__ */ new Map();
  const unlinked = [];
  for (const site of run?.sites ?? []) {
    const link = guard(site.file, "cannot link run site", () => linkSite(site, builds));
    if (!link) {
      unlinked.push(site);
      continue;
    }
    const list = linked.get(link.build.unit) ?? [];
    list.push({ site, link });
    linked.set(link.build.unit, list);
  }
  const verdicts = [];
  for (const unit of units) {
    const file = unit.dockerfile?.file ?? unit.module?.file ?? "";
    guard(
      file,
      "internal error",
      () => findings.push(...unitFindings(unit, options.today, linked.get(unit) ?? [], verdicts))
    );
  }
  for (const site of unlinked)
    guard(site.file, "internal error", () => findings.push(...unlinkedSiteFindings(site)));
  return {
    findings: mergeFindings(findings),
    errors: errors.sort(compareErrors),
    verdicts,
    failed: [...failed].sort()
  };
}
var MAX_SITE_EVIDENCE = 10;
function settleSetTooLate(findings, verdicts) {
  return findings.map((f) => {
    if (f.rule !== "godebug-set-too-late") return f;
    let best = [];
    let bestLen = -1;
    for (const v of verdicts) {
      if (!(v.dir === "" || f.file.startsWith(`${v.dir}/`))) continue;
      if (v.dir.length > bestLen) {
        best = [v];
        bestLen = v.dir.length;
      } else if (v.dir.length === bestLen) best.push(v);
    }
    const bad = best.filter((v) => v.affected && !v.fixedAtStart);
    if (bad.length === 0) return f;
    return {
      ...f,
      severity: "error",
      evidence: [...f.evidence, ...bad.flatMap((v) => v.evidence)]
    };
  });
}
function unitFindings(unit, today, sites, verdicts) {
  const out = [];
  const rec = latestRelease(today);
  const df = unit.dockerfile;
  const final = df ? unit.stage ?? finalStage(df) : void 0;
  const { gd, wrapper } = df && final ? usableGoDebug(df, final) : { gd: void 0, wrapper: void 0 };
  const parsed = gd ? parseGoDebug(gd.value) : void 0;
  const imageFixed = parsed?.madvdontneed !== void 0 && parsed.madvdontneed !== 0;
  const affected = unit.decisions.filter(
    (d) => d.spec.kind === "version" && releasesMadvFree(d.spec.version) && !d.windows
  );
  const knownUnaffected = unit.decisions.length > 0 && unit.decisions.every(
    (d) => d.windows || d.spec.kind === "current" || d.spec.kind === "version" && !releasesMadvFree(d.spec.version)
  );
  const judged = sites.filter((s) => s.site.godebug.kind !== "unknown").map((s) => judgeSite(s, df, final));
  const unknownEvidence = sites.flatMap(
    (s) => s.site.godebug.kind === "unknown" ? [
      {
        file: s.site.godebug.file,
        line: s.site.godebug.line,
        message: `${s.site.label}: ${s.site.godebug.reason}; the image decides`
      },
      linkEvidence(s)
    ] : []
  );
  const runtimeFixed = judged.length > 0 ? judged.every((j) => j.status === "fixed") : imageFixed;
  const notAtRuntime = df && final && !runtimeFixed && !knownUnaffected ? buildOnlySettings(df, final) : [];
  const dir = unit.module ? dirOf(unit.module.file) : df ? dirOf(df.file) : "";
  verdicts.push({
    dir,
    affected: affected.length > 0,
    fixedAtStart: runtimeFixed,
    evidence: affected.map((d) => ({
      file: d.file,
      line: d.span.line,
      message: `built with ${d.what}`
    }))
  });
  const imageSets = df && gd && imageFixed ? {
    file: df.file,
    line: gd.assignment.span.line,
    message: `the image sets GODEBUG=${gd.value}`
  } : void 0;
  const anyFixed = imageSets !== void 0 || judged.some((j) => j.status === "fixed" || j.status === "overridden");
  const lacking = judged.filter((j) => j.status === "lacking");
  if (!runtimeFixed && (judged.length === 0 || !anyFixed && lacking.length > 0)) {
    for (const d of affected) {
      const v = d.spec.version;
      const evidence = [...d.evidence];
      if (df && final) evidence.push(...runtimeEvidence(df, gd, notAtRuntime, final));
      for (const j of lacking.slice(0, MAX_SITE_EVIDENCE)) evidence.push(...siteEvidence(j));
      const rest = lacking[MAX_SITE_EVIDENCE];
      if (rest)
        evidence.push({
          file: rest.site.site.file,
          line: rest.site.site.anchor.line,
          message: `and ${lacking.length - MAX_SITE_EVIDENCE} more run sites that start it without madvdontneed=1`
        });
      evidence.push(...unknownEvidence);
      const who = d.proof === "proven" ? `The binary is built with Go ${formatGoVersion(v)} (${d.what})` : `${d.what} suggests the binary is built with Go ${formatGoVersion(v)} (no Dockerfile builder or CI setup-go says which Go builds it)`;
      const fixes = [];
      const inherit = lacking.every((j) => j.from === "image");
      const runtime = df && inherit ? runtimeFix(df, final) : void 0;
      if (runtime) fixes.push(runtime);
      for (const j of lacking) {
        const f = siteFix(j.site.site);
        if (f) fixes.push(f);
      }
      const upgrade = versionFix(d, rec, true);
      if (upgrade) fixes.push(upgrade);
      const where = lacking.length > 0 ? `Set GODEBUG=madvdontneed=1 where it starts (${lacking.slice(0, 3).map((j) => j.site.site.label).join("; ")}${lacking.length > 3 ? ` and ${lacking.length - 3} more` : ""})` : "Set ENV GODEBUG=madvdontneed=1 in the stage that runs the binary";
      out.push(
        finding("madv-free-build", d.proof === "proven" ? "error" : "warning", d.file, d.span, {
          message: `${who}: ${MADV_EXPLANATION}. ${where}, or build with Go >= 1.16 (better a supported release such as Go ${rec.version}).`,
          evidence,
          fixes
        })
      );
    }
  } else if (!runtimeFixed) {
    for (const d of affected) {
      for (const j of lacking)
        out.push(siteMadvFinding(j, d, judged, rec, imageSets, versionFix(d, rec, true)));
    }
  }
  for (const j of judged)
    out.push(...judgedSiteFindings(j, affected, knownUnaffected, unit.decisions));
  if (df && gd && parsed?.madvdontneed === 0 && madvSettingMatters(unit.decisions)) {
    const fix = rewriteFix(
      df,
      gd.assignment,
      "Set madvdontneed=1 (on Go >= 1.16 dropping the setting works too: MADV_DONTNEED is the default)"
    );
    out.push(
      finding("godebug-madvdontneed-off", "error", df.file, gd.assignment.span, {
        message: `GODEBUG sets madvdontneed=0 where the binary runs: on every Go from 1.12 on (including 1.16 and later) that selects MADV_FREE, so RSS and cgroup usage stay at their peak after GC until the kernel is short of memory (monitors/autoscalers see a leak).`,
        evidence: historyEvidence(df, gd.history, gd.assignment),
        fixes: fix ? [fix] : []
      })
    );
  }
  if (df && gd && parsed && parsed.madvdontneed === void 0 && parsed.ignored.length > 0 && affected.length > 0) {
    const first = parsed.ignored[0];
    const v = affected[0].spec.version;
    const fix = rewriteFix(
      df,
      gd.assignment,
      "Rewrite GODEBUG in the form the runtime reads: comma-separated key=integer, no spaces"
    );
    out.push(
      finding("godebug-ignored", "error", df.file, gd.assignment.span, {
        message: `GODEBUG=${gd.value} names madvdontneed in a form the Go runtime silently ignores (${IGNORED_TEXT[first.reason]}): the runtime splits GODEBUG on "," and matches each key exactly, without trimming, and reads the value as an integer, so the binary built with Go ${formatGoVersion(v)} keeps releasing memory with MADV_FREE.`,
        evidence: affected.map((d) => ({
          file: d.file,
          line: d.span.line,
          message: `built with ${d.what}`
        })),
        fixes: fix ? [fix] : []
      })
    );
  }
  if (df && final && wrapper && setsMadvDontNeed(wrapper.command.value)) {
    const c = wrapper.command;
    out.push(
      finding("godebug-not-at-runtime", "error", df.file, c.span, {
        message: `${c.instruction} sets GODEBUG through ${wrapper.tool}, which ${wrapper.image} does not have: the container fails to start, so madvdontneed=1 never reaches the binary. Set it with ENV in the final stage and start the binary directly.`,
        evidence: [
          {
            file: df.file,
            line: final.from.span.line,
            message: `the final stage is based on ${wrapper.image}`
          }
        ],
        fixes: []
      })
    );
  }
  if (df && final) {
    for (const s of notAtRuntime) {
      const fixes = [];
      const runtime = runtimeFix(df, final);
      if (runtime && s.assignment) {
        const del = deleteAssignment(df, s.assignment);
        fixes.push({
          description: "Move the setting to the final stage, where the binary runs",
          edits: [del, ...runtime.edits]
        });
      } else if (runtime) {
        fixes.push(runtime);
      }
      out.push(
        finding("godebug-not-at-runtime", "error", df.file, s.span, {
          message: s.message,
          evidence: [
            {
              file: df.file,
              line: final.from.span.line,
              message: "the final stage, where the binary runs, does not set madvdontneed=1"
            }
          ],
          fixes
        })
      );
    }
  }
  for (const d of unit.decisions) {
    if (d.spec.kind !== "version" || !isUnsupported(d.spec.version, today)) continue;
    const v = d.spec.version;
    const eos = endOfSupport(v);
    const since = eos ? ` since ${eos.toISOString().slice(0, 10)}` : "";
    const minimum = d.source === "go-line" ? " (the go line is a minimum; nothing else in the repository says which Go builds it)" : "";
    const fix = d.source === "go-line" ? void 0 : versionFix(d, rec, false);
    out.push(
      finding("go-unsupported", "notice", d.file, d.span, {
        message: `Go ${v.major}.${v.minor} (${d.what}) has been out of support${since}${minimum}: it gets no security or bug fixes; a Go release is supported until two newer major releases ship, so upgrade to Go ${rec.version}.`,
        evidence: [],
        fixes: fix ? [fix] : []
      })
    );
  }
  return out;
}
function buildOnlySettings(df, final = finalStage(df)) {
  if (!final) return [];
  const runtimeStages = new Set(stageChain(df, final).map((s) => s.index));
  const out = [];
  for (const s of df.stages) {
    const label = s.name ? `stage "${s.name}"` : `stage ${s.index}`;
    if (!runtimeStages.has(s.index)) {
      for (const a of s.envs) {
        if (a.key !== "GODEBUG" || !setsMadvDontNeed(a.value)) continue;
        out.push({
          kind: "env",
          span: a.span,
          assignment: a,
          message: `GODEBUG=${a.value} is set in ${label}, which is not the final stage or one it is built FROM: ENV does not cross stages (COPY --from copies files only), so the running binary never sees it, and the build ignores GODEBUG.`
        });
      }
    }
    for (const r of s.runEnv) {
      if (!setsMadvDontNeed(r.value)) continue;
      out.push({
        kind: "run",
        span: r.span,
        message: `GODEBUG=${r.value} on a RUN command applies only to that build step: GODEBUG is read when the binary starts, from the environment where it runs.`
      });
    }
  }
  for (const a of [...df.globalArgs, ...df.stages.flatMap((s) => s.args)]) {
    if (a.name !== "GODEBUG" || a.raw === void 0 || !setsMadvDontNeed(a.raw.replace(/^["']|["']$/g, "")))
      continue;
    out.push({
      kind: "arg",
      span: a.span,
      message: `ARG GODEBUG=${a.raw} is a build argument, not part of the image's environment: the running binary never sees it.`
    });
  }
  return out;
}
function runtimeEvidence(df, gd, buildOnly, final = finalStage(df)) {
  const out = [];
  if (final && !gd) {
    out.push({
      file: df.file,
      line: final.from.span.line,
      message: "the final stage, where the binary runs, sets no GODEBUG"
    });
  }
  if (gd) out.push(...historyEvidence(df, gd.history, gd.assignment));
  for (const b of buildOnly)
    out.push({
      file: df.file,
      line: b.span.line,
      message: "madvdontneed=1 here does not reach the running binary"
    });
  return out;
}
function historyEvidence(df, history, effective2) {
  const out = [];
  for (const h of history) {
    if (h === effective2) continue;
    if (setsMadvDontNeed(h.value)) {
      out.push({
        file: df.file,
        line: h.span.line,
        message: `GODEBUG=${h.value} here is replaced by line ${effective2.span.line} (a later ENV replaces the whole value)`
      });
    }
  }
  out.push({
    file: df.file,
    line: effective2.span.line,
    message: `the running binary sees GODEBUG=${effective2.value}`
  });
  return out;
}
function edit(file, span, text) {
  return {
    file,
    startLine: span.line,
    startColumn: span.column,
    endLine: span.endLine,
    endColumn: span.endColumn,
    text
  };
}
function runtimeFix(df, final = finalStage(df)) {
  if (!final) return void 0;
  const { gd } = usableGoDebug(df, final);
  if (gd) {
    return rewriteFix(
      df,
      gd.assignment,
      "Add madvdontneed=1 to the GODEBUG the running binary sees, keeping its other settings"
    );
  }
  const at = insertionAfterFrom(df, final);
  return {
    description: "Set ENV GODEBUG=madvdontneed=1 in the final stage, where the binary runs",
    edits: [
      {
        file: df.file,
        startLine: at.line,
        startColumn: at.column,
        endLine: at.line,
        endColumn: at.column,
        text: `${at.before}ENV GODEBUG=madvdontneed=1${at.after}`
      }
    ],
    // The stage sets no GODEBUG: only how freed memory is returned changes.
    safe: true
  };
}
function rewriteFix(df, a, description) {
  if (isEnvAssignment(a)) {
    const value2 = rewriteWithMadvDontNeed(a.raw);
    if (a.legacy || !a.valueSpan)
      return { description, edits: [edit(df.file, a.span, `GODEBUG=${value2}`)] };
    return { description, edits: [edit(df.file, a.valueSpan, value2)] };
  }
  const value = rewriteWithMadvDontNeed(a.value);
  return {
    description,
    edits: [
      edit(df.file, a.span, a.exec ? JSON.stringify(`GODEBUG=${value}`) : `GODEBUG=${value}`)
    ]
  };
}
function deleteAssignment(df, a) {
  const lines = linesOf(df);
  if (a.propertyCount === 1) {
    const endLine = a.instruction.endLine;
    if (endLine < lines.length) {
      return {
        file: df.file,
        startLine: a.instruction.line,
        startColumn: 1,
        endLine: endLine + 1,
        endColumn: 1,
        text: ""
      };
    }
    const last = (lines[endLine - 1] ?? "").replace(/\r$/, "");
    return {
      file: df.file,
      startLine: a.instruction.line,
      startColumn: 1,
      endLine,
      endColumn: utf8Length(last) + 1,
      text: ""
    };
  }
  const line = lines[a.span.line - 1] ?? "";
  let col = a.span.column;
  const before = Buffer.from(line, "utf8").subarray(0, col - 1).toString("utf8");
  const ws = /[ \t]+$/.exec(before)?.[0].length ?? 0;
  col -= ws;
  return { ...edit(df.file, a.span, ""), startColumn: col };
}
function versionFix(d, rec, madv) {
  const t = d.versionText;
  if (!t) return void 0;
  switch (t.kind) {
    case "docker-tag": {
      const tag = parseDockerGoTag(t.text);
      const variant = tag.variant.startsWith("alpine") ? "-alpine" : /^(jessie|stretch|buster|bullseye)$/.test(tag.variant) || tag.variant === "" ? "" : `-${tag.variant}`;
      return {
        description: `Build with Go ${rec.version}, a supported release${madv ? " (every Go >= 1.16 returns memory with MADV_DONTNEED)" : ""}`,
        edits: [edit(t.file, t.span, `${rec.version}${variant}`)]
      };
    }
    case "arg-default": {
      const v = d.spec.kind === "version" ? d.spec.version.raw : "";
      if (!v || !t.text.includes(v)) return void 0;
      return {
        description: `Build with Go ${rec.version}, a supported release (change the default; a --build-arg may also set it)`,
        edits: [edit(t.file, t.span, t.text.replace(v, rec.version))]
      };
    }
    case "yaml-scalar":
      return {
        description: `Install Go ${rec.version}, a supported release, with actions/setup-go (quoted, so YAML keeps it a string)`,
        edits: [edit(t.file, t.span, `"${rec.version}"`)]
      };
    case "go-line":
      if (!madv) return void 0;
      return {
        description: `Raise the go line to 1.16, the first release that returns memory with MADV_DONTNEED; better, build with a supported release such as Go ${rec.version}`,
        edits: [edit(t.file, t.span, "1.16")]
      };
    case "toolchain":
      return {
        description: `Suggest toolchain go${rec.lastPatch}, a supported release`,
        edits: [edit(t.file, t.span, `go${rec.lastPatch}`)]
      };
    case "version-file":
      return {
        description: `Pin Go ${rec.lastPatch}, a supported release`,
        edits: [edit(t.file, t.span, rec.lastPatch)]
      };
  }
}
function goModGodebugFindings(mod, text) {
  const out = [];
  let lines;
  for (const g of mod.godebug) {
    if (g.key.toLowerCase() !== "madvdontneed") continue;
    lines ??= text.split("\n");
    out.push(
      finding(
        "gomod-godebug-invalid",
        "error",
        mod.file,
        {
          line: g.span.line,
          column: g.span.column,
          endLine: g.span.line,
          endColumn: g.span.endColumn
        },
        {
          message: `godebug ${g.key}=${g.value} makes the build fail (go: go.mod:${g.line}: unknown godebug "${g.key}"; Go before 1.23 rejects every godebug line): ${GODEBUG_INVALID_TAIL}`,
          evidence: [],
          fixes: [
            {
              description: "Remove the godebug line and set GODEBUG where the binary runs",
              edits: [deleteLine(mod.file, lines, g.line)]
            }
          ]
        }
      )
    );
  }
  return out;
}
function mergeFindings(findings) {
  const byKey = /* @__PURE__ */ new Map();
  for (const f of findings) {
    const key = `${f.rule}\0${f.file}\0${f.line}\0${f.column}`;
    const prev = byKey.get(key);
    if (!prev) {
      byKey.set(key, { ...f, evidence: [...f.evidence], fixes: [...f.fixes] });
      continue;
    }
    if (f.severity === "error" && prev.severity !== "error") prev.severity = "error";
    prev.evidence = dedupe(
      [...prev.evidence, ...f.evidence],
      (e) => `${e.file}:${e.line}:${e.message}`
    );
    prev.fixes = dedupe([...prev.fixes, ...f.fixes], (x) => JSON.stringify(x));
  }
  return [...byKey.values()].sort(compareFindings);
}
export {
  analyzeBuilds,
  analyzeGoDebugDirective,
  mayHaveGoDebugDirective,
  prepareBuilds,
  runtimeFix,
  settleSetTooLate
};

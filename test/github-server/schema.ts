// A small validator for the JSON-schema subset used by GitHub's OpenAPI 3.0 description
// (see openapi-extract.json): type, nullable, properties, required, additionalProperties, enum,
// items, oneOf/anyOf/allOf/not, minimum/maximum, min/maxLength, min/maxItems, pattern, format.

export type JsonValue =
  null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export interface JsonSchema {
  type?: string | string[];
  nullable?: boolean;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  enum?: JsonValue[];
  items?: JsonSchema;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  allOf?: JsonSchema[];
  not?: JsonSchema;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean | number;
  exclusiveMaximum?: boolean | number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  format?: string;
  default?: JsonValue;
}

export interface SchemaError {
  /** JSON-pointer-like location of the offending value, "" for the root. */
  path: string;
  message: string;
}

function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

function matchesType(value: unknown, type: string): boolean {
  const actual = typeOf(value);
  if (type === "number") return actual === "number" || actual === "integer";
  return actual === type;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => deepEqual(a[k], b[k]));
  }
  return false;
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** Validates `value` against `schema`; returns every error found (empty when valid). */
export function validate(schema: JsonSchema, value: unknown, path = ""): SchemaError[] {
  const errors: SchemaError[] = [];
  const fail = (message: string, at = path): void => {
    errors.push({ path: at, message });
  };

  if (value === null && schema.nullable === true) return errors;

  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (!types.some((t) => matchesType(value, t))) {
      fail(`expected ${types.join(" or ")}, got ${typeOf(value)}`);
      return errors; // the remaining keywords would only repeat the type error
    }
  }

  if (schema.enum !== undefined && !schema.enum.some((e) => deepEqual(e, value))) {
    fail(`${JSON.stringify(value)} is not a member of enum ${JSON.stringify(schema.enum)}`);
  }

  if (typeof value === "number") {
    const exMin = schema.exclusiveMinimum;
    const exMax = schema.exclusiveMaximum;
    if (schema.minimum !== undefined) {
      if (exMin === true ? value <= schema.minimum : value < schema.minimum) {
        fail(`${value} is less than the minimum ${schema.minimum}`);
      }
    }
    if (schema.maximum !== undefined) {
      if (exMax === true ? value >= schema.maximum : value > schema.maximum) {
        fail(`${value} is greater than the maximum ${schema.maximum}`);
      }
    }
    if (typeof exMin === "number" && value <= exMin) fail(`${value} is not above ${exMin}`);
    if (typeof exMax === "number" && value >= exMax) fail(`${value} is not below ${exMax}`);
  }

  if (typeof value === "string") {
    const needsLength = schema.maxLength !== undefined || schema.minLength !== undefined;
    // JSON Schema counts code points, not UTF-16 units.
    const length = needsLength ? [...value].length : 0;
    if (schema.maxLength !== undefined && length > schema.maxLength) {
      fail(`string of length ${length} is longer than maxLength ${schema.maxLength}`);
    }
    if (schema.minLength !== undefined && length < schema.minLength) {
      fail(`string of length ${length} is shorter than minLength ${schema.minLength}`);
    }
    if (schema.pattern !== undefined && !new RegExp(schema.pattern, "u").test(value)) {
      fail(`${JSON.stringify(value)} does not match pattern ${schema.pattern}`);
    }
    if (schema.format === "date-time" && !DATE_TIME.test(value)) {
      fail(`${JSON.stringify(value)} is not an ISO 8601 date-time`);
    }
  }

  if (Array.isArray(value)) {
    if (schema.maxItems !== undefined && value.length > schema.maxItems) {
      fail(`array of ${value.length} items is longer than maxItems ${schema.maxItems}`);
    }
    if (schema.minItems !== undefined && value.length < schema.minItems) {
      fail(`array of ${value.length} items is shorter than minItems ${schema.minItems}`);
    }
    if (schema.items !== undefined) {
      const items = schema.items;
      value.forEach((item, i) => errors.push(...validate(items, item, `${path}/${i}`)));
    }
  }

  if (isObject(value)) {
    for (const name of schema.required ?? []) {
      if (!(name in value)) fail(`required property ${JSON.stringify(name)} is missing`);
    }
    const properties = schema.properties ?? {};
    for (const [name, v] of Object.entries(value)) {
      const propSchema = properties[name];
      if (propSchema !== undefined) {
        errors.push(...validate(propSchema, v, `${path}/${name}`));
      } else if (schema.additionalProperties === false) {
        fail(`property ${JSON.stringify(name)} is not allowed`, `${path}/${name}`);
      } else if (isObject(schema.additionalProperties)) {
        errors.push(...validate(schema.additionalProperties, v, `${path}/${name}`));
      }
    }
  }

  for (const sub of schema.allOf ?? []) errors.push(...validate(sub, value, path));
  if (schema.anyOf !== undefined) {
    const results = schema.anyOf.map((sub) => validate(sub, value, path));
    if (!results.some((r) => r.length === 0)) {
      fail(`matches none of anyOf: ${describeAlternatives(results)}`);
    }
  }
  if (schema.oneOf !== undefined) {
    const results = schema.oneOf.map((sub) => validate(sub, value, path));
    const passing = results.filter((r) => r.length === 0).length;
    if (passing === 0) fail(`matches none of oneOf: ${describeAlternatives(results)}`);
    else if (passing > 1) fail(`matches ${passing} alternatives of oneOf, expected exactly 1`);
  }
  if (schema.not !== undefined && validate(schema.not, value, path).length === 0) {
    fail("matches a schema it must not match");
  }
  return errors;
}

function describeAlternatives(results: SchemaError[][]): string {
  return results
    .map((r, i) => `[${i}] ${r.map((e) => `${e.path || "/"}: ${e.message}`).join("; ")}`)
    .join(" | ");
}

/**
 * Converts a query or path parameter (always a string on the wire) to the type its schema
 * declares, so that `validate` can check it. Returns the string unchanged when it cannot convert;
 * validation then reports the type mismatch.
 */
export function coerceParameter(schema: JsonSchema, raw: string): unknown {
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (type === "integer" || type === "number") {
    if (!/^-?\d+(\.\d+)?$/.test(raw)) return raw;
    return Number(raw);
  }
  if (type === "boolean") {
    if (raw === "true") return true;
    if (raw === "false") return false;
    return raw;
  }
  return raw;
}

/** Formats errors the way GitHub words an invalid request ("Invalid request.\n\n…"). */
export function formatErrors(errors: SchemaError[]): string {
  return errors.map((e) => `For '${e.path || "/"}': ${e.message}`).join("\n");
}

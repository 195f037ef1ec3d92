import type { JsonValue } from '@rampart/core';
import { isObject } from './openapi-document.js';
import { type RefResolver, refName } from './openapi-refs.js';

/** Nested objects and arrays deeper than this are left out of generated samples. */
const MAX_DEPTH = 6;

/** Sample strings for the common `format`s, valid enough that servers accept them. */
const FORMAT_SAMPLES: Readonly<Record<string, string>> = {
  email: 'rampart@example.com',
  uuid: '123e4567-e89b-12d3-a456-426614174000',
  date: '2024-01-01',
  'date-time': '2024-01-01T00:00:00Z',
  time: '00:00:00',
  uri: 'https://example.com/',
  url: 'https://example.com/',
  'uri-reference': '/rampart',
  hostname: 'example.com',
  ipv4: '192.0.2.1',
  ipv6: '2001:db8::1',
  byte: 'cmFtcGFydA==',
  binary: 'rampart',
  // rampart-ignore: js-hardcoded-password -- the sample DAST sends to password-format fields
  password: 'Rampart-1',
};

/**
 * The value a schema states for itself: `example`, then `examples[0]` (3.1), `default`,
 * `const`, `enum[0]`; `undefined` when it states none.
 */
export function declaredValue(schema: Readonly<Record<string, unknown>>): JsonValue | undefined {
  if (schema.example !== undefined) return schema.example as JsonValue;
  if (Array.isArray(schema.examples) && schema.examples.length > 0) {
    return schema.examples[0] as JsonValue;
  }
  if (schema.default !== undefined) return schema.default as JsonValue;
  if (schema.const !== undefined) return schema.const as JsonValue;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0] as JsonValue;
  return undefined;
}

/**
 * A plausible request value for a JSON Schema / OpenAPI schema: its declared value, or one
 * generated from its type and format (objects recursively, arrays with one item, depth-capped,
 * `readOnly` properties left out). `undefined` when nothing sensible can be made (a `$ref`
 * cycle, an unresolvable reference).
 * @example sampleValue({ type: 'string', format: 'email' }, resolver) // 'rampart@example.com'
 */
export function sampleValue(schema: unknown, resolver: RefResolver): JsonValue | undefined {
  return sample(schema, resolver, 0, []);
}

function sample(
  node: unknown,
  resolver: RefResolver,
  depth: number,
  stack: readonly string[],
): JsonValue | undefined {
  if (!isObject(node) || depth > MAX_DEPTH) return undefined;
  if (typeof node.$ref === 'string') {
    if (stack.includes(node.$ref)) return undefined;
    const target = resolver.resolve(node);
    return target === undefined
      ? undefined
      : sample(target, resolver, depth, [...stack, node.$ref]);
  }
  const declared = declaredValue(node);
  if (declared !== undefined) return declared;
  if (Array.isArray(node.allOf)) {
    let merged: Record<string, JsonValue> | undefined;
    for (const part of node.allOf) {
      const value = sample(part, resolver, depth, stack);
      if (isObject(value)) merged = { ...merged, ...(value as Record<string, JsonValue>) };
      else if (value !== undefined && merged === undefined) return value;
    }
    const own = isObject(node.properties) ? sampleObject(node, resolver, depth, stack) : undefined;
    if (merged !== undefined || own !== undefined) return { ...merged, ...own };
  }
  for (const key of ['oneOf', 'anyOf'] as const) {
    const options = node[key];
    if (!Array.isArray(options)) continue;
    for (const option of options) {
      const value = sample(option, resolver, depth, stack);
      if (value !== undefined) return value;
    }
  }
  switch (schemaType(node)) {
    case 'string':
      return sampleString(node);
    case 'integer':
      return sampleNumber(node, true);
    case 'number':
      return sampleNumber(node, false);
    case 'boolean':
      return true;
    case 'null':
      return null;
    case 'file':
      return 'rampart.txt';
    case 'array': {
      const item = sample(node.items, resolver, depth + 1, stack);
      return item === undefined ? [] : [item];
    }
    case 'object':
      return sampleObject(node, resolver, depth, stack);
    default:
      return undefined;
  }
}

function sampleObject(
  node: Readonly<Record<string, unknown>>,
  resolver: RefResolver,
  depth: number,
  stack: readonly string[],
): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  if (!isObject(node.properties)) return out;
  for (const [name, property] of Object.entries(node.properties)) {
    // readOnly properties are set by the server; sending them is noise (or rejected).
    if (resolver.resolve(property)?.readOnly === true) continue;
    const value = sample(property, resolver, depth + 1, stack);
    if (value !== undefined) out[name] = value;
  }
  return out;
}

/** The schema's type: the first non-null one of a 3.1 type list, or inferred from its keywords. */
export function schemaType(node: Readonly<Record<string, unknown>>): string | undefined {
  const type = node.type;
  if (typeof type === 'string') return type;
  if (Array.isArray(type)) {
    const first = type.find((t) => typeof t === 'string' && t !== 'null');
    if (typeof first === 'string') return first;
    if (type.includes('null')) return 'null';
  }
  if (isObject(node.properties) || node.additionalProperties !== undefined) return 'object';
  if (node.items !== undefined) return 'array';
  if (typeof node.format === 'string' || typeof node.pattern === 'string') return 'string';
  return undefined;
}

function sampleString(node: Readonly<Record<string, unknown>>): string {
  const format = typeof node.format === 'string' ? node.format : '';
  let value = Object.hasOwn(FORMAT_SAMPLES, format) ? (FORMAT_SAMPLES[format] ?? '') : 'rampart';
  const min = typeof node.minLength === 'number' ? Math.min(node.minLength, 1000) : 0;
  if (value.length < min) value = value.padEnd(min, 'a');
  const max = typeof node.maxLength === 'number' ? Math.max(node.maxLength, 0) : undefined;
  if (max !== undefined && value.length > max) value = value.slice(0, max);
  return value;
}

function sampleNumber(node: Readonly<Record<string, unknown>>, integer: boolean): number {
  const whole = (n: number): number => (integer ? Math.ceil(n) : n);
  let value = 1;
  const min = typeof node.minimum === 'number' ? node.minimum : undefined;
  if (typeof node.exclusiveMinimum === 'number') {
    value = integer ? Math.floor(node.exclusiveMinimum) + 1 : node.exclusiveMinimum + 1;
  } else if (min !== undefined) {
    // OpenAPI 3.0 / Swagger: exclusiveMinimum is a boolean modifying minimum.
    value = node.exclusiveMinimum === true ? whole(min) + (integer ? 1 : 0.5) : whole(min);
  }
  const max = typeof node.maximum === 'number' ? node.maximum : undefined;
  if (max !== undefined && value > max) value = integer ? Math.floor(max) : max;
  return Number.isFinite(value) ? value : 1;
}

/**
 * A JSON value as a parameter string: strings as is, numbers and booleans printed, `null` as
 * empty, arrays of scalars comma-joined (OpenAPI's default `form` style), objects as JSON.
 */
export function toParamString(value: JsonValue | undefined): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.every((v) => v === null || typeof v !== 'object')) {
    return value.map((v) => (v === null ? '' : String(v))).join(',');
  }
  return JSON.stringify(value);
}

/**
 * Serialises a value as XML following the schema's `xml` hints where there are some
 * (`name`, `attribute`, `wrapped`); `rootName` names the root element otherwise.
 * @example toXml({ id: 1 }, 'Pet', undefined, resolver) // '<?xml …?><Pet><id>1</id></Pet>'
 */
export function toXml(
  value: JsonValue,
  rootName: string,
  schema: unknown,
  resolver: RefResolver,
): string {
  const declaration = '<?xml version="1.0" encoding="UTF-8"?>';
  if (Array.isArray(value)) {
    // A bare list has no single root, so it is wrapped whatever the hints say.
    const root = xmlName(rootName);
    return `${declaration}<${root}>${element(rootName, value, schema, resolver, true)}</${root}>`;
  }
  return `${declaration}${element(rootName, value, schema, resolver, false)}`;
}

function element(
  name: string,
  value: JsonValue,
  schema: unknown,
  resolver: RefResolver,
  inArray: boolean,
): string {
  const resolved = resolver.resolve(schema);
  const hints = isObject(resolved?.xml) ? resolved.xml : {};
  const tag = xmlName(typeof hints.name === 'string' ? hints.name : name);
  if (Array.isArray(value)) {
    const items = resolver.resolve(resolved?.items);
    const itemHints = isObject(items?.xml) ? items.xml : {};
    const itemName =
      typeof itemHints.name === 'string' ? itemHints.name : (refName(resolved?.items) ?? tag);
    const inner = value.map((v) => element(itemName, v, resolved?.items, resolver, true)).join('');
    return hints.wrapped === true && !inArray ? `<${tag}>${inner}</${tag}>` : inner;
  }
  if (isObject(value)) {
    const properties = isObject(resolved?.properties) ? resolved.properties : {};
    let attributes = '';
    let children = '';
    for (const [key, child] of Object.entries(value)) {
      const propertySchema = Object.hasOwn(properties, key) ? properties[key] : undefined;
      const propertyHints = resolver.resolve(propertySchema)?.xml;
      if (
        isObject(propertyHints) &&
        propertyHints.attribute === true &&
        (child === null || typeof child !== 'object')
      ) {
        const attrName = typeof propertyHints.name === 'string' ? propertyHints.name : key;
        attributes += ` ${xmlName(attrName)}="${escapeXml(child === null ? '' : String(child))}"`;
      } else {
        children += element(key, child as JsonValue, propertySchema, resolver, false);
      }
    }
    return `<${tag}${attributes}>${children}</${tag}>`;
  }
  return `<${tag}>${escapeXml(value === null ? '' : String(value))}</${tag}>`;
}

/** An XML element name made from any string (invalid characters become `_`). */
function xmlName(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9_.:-]/g, '_');
  return /^[A-Za-z_]/.test(cleaned) ? cleaned : `_${cleaned}`;
}

function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

// The Open311 suite's schema check (tests/open311/runner/schema_validator.hpp): validates answers
// against the official GeoReport v2 JSON Schemas with ajv 8, formats enforced (ajv-formats).
//
//   node validate.mjs SCHEMA_DIR
//   stdin:  frames "SCHEMA FORMAT LENGTH\n" + LENGTH bytes of JSON (FORMAT json or xml)
//   stdout: "ready" once, then one line per frame: "ok" or the errors (one line)
//
// XML answers come as the JSON an XML client reads (leaves as strings) and are validated with
// coerceTypes: "42.36" is a number, "true" a boolean, an empty element null. Both formats must
// also carry only the members the schemas list (plus extended_attributes), which the schemas
// themselves do not enforce.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let Ajv, addFormats;
try {
  Ajv = require('ajv');
  addFormats = require('ajv-formats');
} catch (e) {
  process.stdout.write(`cannot load ajv/ajv-formats (run scripts/setup): ${e.message}\n`);
  process.exit(1);
}

const dir = process.argv[2];
const names = ['request', 'requests', 'service', 'services', 'service-definition'];

function compiler(coerceTypes) {
  // strict: false — the official schemas put minItems inside items, which strict mode refuses.
  const ajv = new Ajv({ allErrors: true, strict: false, coerceTypes });
  addFormats(ajv);
  for (const n of names) {
    ajv.addSchema(JSON.parse(readFileSync(join(dir, `${n}.json`), 'utf8')), `${n}.json`);
  }
  return ajv;
}

const validators = { json: compiler(false), xml: compiler(true) };
const raw = Object.fromEntries(
    names.map((n) => [`${n}.json`, JSON.parse(readFileSync(join(dir, `${n}.json`), 'utf8'))]));
// The one member the schemas do not list that an answer may carry (docs/open311.md, Extensions).
const extensions = new Set(['extended_attributes']);

// The schemas allow any extra member; a client reading by name does not. Every member of an
// object the schemas describe must be one they list (a misspelt or stray element fails here).
function strayMembers(schema, data, path, out) {
  if (schema && schema.$ref) schema = raw[schema.$ref];
  if (!schema || data === null || typeof data !== 'object') return;
  if (Array.isArray(data)) {
    data.forEach((item, i) => strayMembers(schema.items, item, `${path}/${i}`, out));
    return;
  }
  if (!schema.properties) return;
  for (const [k, v] of Object.entries(data)) {
    if (schema.properties[k]) {
      strayMembers(schema.properties[k], v, `${path}/${k}`, out);
    } else if (!extensions.has(k)) {
      out.push(`${path}/${k} is not a member the schema lists`);
    }
  }
}

function check(schema, format, text) {
  const ajv = validators[format];
  const validate = ajv && ajv.getSchema(`${schema}.json`);
  if (!validate) return `unknown schema or format: ${schema} ${format}`;
  let data;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return `not JSON: ${e.message}`;
  }
  const stray = [];
  strayMembers(raw[`${schema}.json`], data, '', stray);
  if (stray.length > 0) return `${schema}.json (${format}): ${stray.slice(0, 5).join('; ')}`;
  if (validate(data)) return 'ok';
  const errors = validate.errors.slice(0, 5).map(
      (e) => `${e.instancePath || '/'} ${e.message}` +
          (e.params && e.params.format ? ` (${e.params.format})` : '') +
          ` [got ${JSON.stringify(valueAt(data, e.instancePath))}]`);
  return `${schema}.json (${format}): ${errors.join('; ')}`.replace(/\n/g, ' ');
}

function valueAt(data, pointer) {
  let v = data;
  for (const part of pointer.split('/').slice(1)) {
    if (v === null || typeof v !== 'object') return undefined;
    v = v[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return v;
}

process.stdout.write('ready\n');
let pending = Buffer.alloc(0);
process.stdin.on('data', (chunk) => {
  pending = Buffer.concat([pending, chunk]);
  for (;;) {
    const nl = pending.indexOf(10);
    if (nl < 0) return;
    const [schema, format, length] = pending.subarray(0, nl).toString('utf8').split(' ');
    const size = Number(length);
    if (pending.length < nl + 1 + size) return;
    const text = pending.subarray(nl + 1, nl + 1 + size).toString('utf8');
    pending = pending.subarray(nl + 1 + size);
    process.stdout.write(check(schema, format, text) + '\n');
  }
});

// A small JSON Schema (draft-07) checker for the keywords Every Eval Ever's eval.schema.json uses:
// type, enum, const, required, properties, additionalProperties, items, minItems, minimum,
// maximum, pattern, oneOf, if/then/else and local $ref. Returns every violation with its path.
type Schema = Record<string, unknown>;

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function typeMatches(v: unknown, t: string): boolean {
  const actual = typeOf(v);
  return actual === t || (t === 'number' && actual === 'integer');
}

export function checkJsonSchema(value: unknown, root: Schema): string[] {
  const errors: string[] = [];
  const resolve = (s: Schema): Schema => {
    const ref = s.$ref;
    if (typeof ref !== 'string') return s;
    if (!ref.startsWith('#/')) throw new Error(`only local $ref is supported, got ${ref}`);
    return resolve(ref.slice(2).split('/').reduce<Schema>((node, key) => node[key] as Schema, root));
  };
  const walk = (v: unknown, schema: Schema, path: string, out: string[]) => {
    const s = resolve(schema);
    const at = path || '(root)';
    if (s.type !== undefined) {
      const types = Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
      if (!types.some((t) => typeMatches(v, t))) {
        out.push(`${at}: expected ${types.join(' or ')}, got ${typeOf(v)}`);
        return;
      }
    }
    if (s.enum && !(s.enum as unknown[]).some((e) => e === v)) out.push(`${at}: ${JSON.stringify(v)} is not one of ${JSON.stringify(s.enum)}`);
    if ('const' in s && s.const !== v) out.push(`${at}: must be ${JSON.stringify(s.const)}`);
    if (typeof v === 'number') {
      if (typeof s.minimum === 'number' && v < s.minimum) out.push(`${at}: below ${s.minimum}`);
      if (typeof s.maximum === 'number' && v > s.maximum) out.push(`${at}: above ${s.maximum}`);
    }
    if (typeof v === 'string' && typeof s.pattern === 'string' && !new RegExp(s.pattern, 'u').test(v)) out.push(`${at}: does not match ${s.pattern}`);
    if (Array.isArray(v)) {
      if (typeof s.minItems === 'number' && v.length < s.minItems) out.push(`${at}: fewer than ${s.minItems} items`);
      if (s.items) v.forEach((item, i) => walk(item, s.items as Schema, `${path}[${i}]`, out));
    }
    if (typeOf(v) === 'object') {
      const obj = v as Record<string, unknown>;
      for (const key of (s.required as string[] | undefined) ?? []) if (!(key in obj)) out.push(`${at}: missing ${key}`);
      const props = (s.properties as Record<string, Schema> | undefined) ?? {};
      for (const [key, val] of Object.entries(obj)) {
        if (props[key]) walk(val, props[key], `${path}.${key}`, out);
        else if (s.additionalProperties === false) out.push(`${at}: unexpected property ${key}`);
        else if (typeof s.additionalProperties === 'object') walk(val, s.additionalProperties as Schema, `${path}.${key}`, out);
      }
    }
    if (s.oneOf) {
      const passing = (s.oneOf as Schema[]).filter((alt) => {
        const sub: string[] = [];
        walk(v, alt, path, sub);
        return sub.length === 0;
      });
      if (passing.length !== 1) out.push(`${at}: matches ${passing.length} of oneOf's ${(s.oneOf as Schema[]).length} schemas, not exactly one`);
    }
    if (s.if) {
      const sub: string[] = [];
      walk(v, s.if as Schema, path, sub);
      const branch = sub.length === 0 ? s.then : s.else;
      if (branch) walk(v, branch as Schema, path, out);
    }
  };
  walk(value, root, '', errors);
  return errors;
}

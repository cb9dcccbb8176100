// A small schema language for untrusted JSON (shared links, comparison files):
// each schema validates a value (returning it typed, or throwing with the path
// of the first field that does not fit) and describes itself as JSON Schema,
// so the published schema and the validator cannot drift apart.

export class SchemaError extends Error {
  constructor(
    readonly path: string,
    what: string,
  ) {
    super(`${path || 'the document'} ${what}`);
    this.name = 'SchemaError';
  }
}

export interface Schema<T> {
  validate(x: unknown, path: string): T;
  json(): Record<string, unknown>;
}
export type Infer<S> = S extends Schema<infer T> ? T : never;

function describe(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'an array';
  return typeof x === 'string' ? 'a string' : typeof x === 'object' ? 'an object' : `a ${typeof x}`;
}

export function num(o: { min?: number; max?: number; int?: boolean } = {}): Schema<number> {
  const min = o.min ?? -1e18;
  const max = o.max ?? 1e18;
  return {
    validate(x, path) {
      if (typeof x !== 'number' || !Number.isFinite(x)) throw new SchemaError(path, `must be a finite number, not ${describe(x)}`);
      if (o.int && !Number.isInteger(x)) throw new SchemaError(path, 'must be a whole number');
      if (x < min || x > max) throw new SchemaError(path, `must be between ${min} and ${max}`);
      return x;
    },
    json: () => ({ type: o.int ? 'integer' : 'number', minimum: min, maximum: max }),
  };
}

export function str(o: { max?: number; pattern?: RegExp } = {}): Schema<string> {
  const max = o.max ?? 1000;
  return {
    validate(x, path) {
      if (typeof x !== 'string') throw new SchemaError(path, `must be a string, not ${describe(x)}`);
      if (x.length > max) throw new SchemaError(path, `is longer than ${max} characters`);
      if (o.pattern && !o.pattern.test(x)) throw new SchemaError(path, `does not match ${o.pattern.source}`);
      return x;
    },
    json: () => ({ type: 'string', maxLength: max, ...(o.pattern ? { pattern: o.pattern.source } : {}) }),
  };
}

export function bool(): Schema<boolean> {
  return {
    validate(x, path) {
      if (typeof x !== 'boolean') throw new SchemaError(path, `must be true or false, not ${describe(x)}`);
      return x;
    },
    json: () => ({ type: 'boolean' }),
  };
}

export function oneOf<const L extends readonly (string | number)[]>(values: L): Schema<L[number]> {
  return {
    validate(x, path) {
      if (!values.includes(x as string | number)) throw new SchemaError(path, `must be one of ${values.map((v) => JSON.stringify(v)).join(', ')}`);
      return x as L[number];
    },
    json: () => ({ enum: [...values] }),
  };
}

export function nullable<T>(s: Schema<T>): Schema<T | null> {
  return {
    validate: (x, path) => (x === null ? null : s.validate(x, path)),
    json: () => ({ anyOf: [s.json(), { type: 'null' }] }),
  };
}

export function arr<T>(item: Schema<T>, o: { max?: number } = {}): Schema<T[]> {
  const max = o.max ?? 100_000;
  return {
    validate(x, path) {
      if (!Array.isArray(x)) throw new SchemaError(path, `must be an array, not ${describe(x)}`);
      if (x.length > max) throw new SchemaError(path, `has more than ${max} items`);
      return x.map((v, i) => item.validate(v, `${path}[${i}]`));
    },
    json: () => ({ type: 'array', maxItems: max, items: item.json() }),
  };
}

/** Numbers only, compactly: an array of finite numbers (series, samples). */
export function nums(o: { max?: number; min?: number } = {}): Schema<number[]> {
  const max = o.max ?? 1_000_000;
  const min = o.min ?? -1e18;
  return {
    validate(x, path) {
      if (!Array.isArray(x)) throw new SchemaError(path, `must be an array of numbers, not ${describe(x)}`);
      if (x.length > max) throw new SchemaError(path, `has more than ${max} numbers`);
      for (let i = 0; i < x.length; i++) {
        const v = x[i];
        if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > 1e18) throw new SchemaError(`${path}[${i}]`, 'must be a finite number');
      }
      return x as number[];
    },
    json: () => ({ type: 'array', maxItems: max, items: { type: 'number', minimum: min } }),
  };
}

export function record<T>(value: Schema<T>, o: { maxKeys?: number; keyPattern?: RegExp; keyMax?: number } = {}): Schema<Record<string, T>> {
  const maxKeys = o.maxKeys ?? 1000;
  const keyMax = o.keyMax ?? 200;
  return {
    validate(x, path) {
      if (typeof x !== 'object' || x === null || Array.isArray(x)) throw new SchemaError(path, `must be an object, not ${describe(x)}`);
      const keys = Object.keys(x);
      if (keys.length > maxKeys) throw new SchemaError(path, `has more than ${maxKeys} keys`);
      const out: Record<string, T> = Object.create(null);
      for (const k of keys) {
        if (k.length > keyMax || (o.keyPattern && !o.keyPattern.test(k)) || k === '__proto__')
          throw new SchemaError(`${path}.${k.slice(0, 40)}`, 'is not an allowed key');
        out[k] = value.validate((x as Record<string, unknown>)[k], `${path}.${k}`);
      }
      return { ...out };
    },
    json: () => ({
      type: 'object',
      maxProperties: maxKeys,
      additionalProperties: value.json(),
      ...(o.keyPattern ? { propertyNames: { pattern: o.keyPattern.source, maxLength: keyMax } } : {}),
    }),
  };
}

type Shape = Record<string, Schema<unknown>>;
type Optional<S extends Shape, O extends keyof S> = { [K in Exclude<keyof S, O>]: Infer<S[K]> } & { [K in O]?: Infer<S[K]> };

/** An object with exactly these keys (those in `optional` may be missing); unknown keys are refused. */
export function obj<S extends Shape, O extends keyof S = never>(shape: S, optional: readonly O[] = []): Schema<Optional<S, O>> {
  return {
    validate(x, path) {
      if (typeof x !== 'object' || x === null || Array.isArray(x)) throw new SchemaError(path, `must be an object, not ${describe(x)}`);
      const src = x as Record<string, unknown>;
      // own keys only: `__proto__`, `constructor` or `toString` are not fields because every object inherits them
      for (const k of Object.keys(src)) if (!Object.hasOwn(shape, k)) throw new SchemaError(`${path}.${k.slice(0, 40)}`, 'is not a known field');
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(shape)) {
        if (!Object.hasOwn(src, k)) {
          if ((optional as readonly string[]).includes(k)) continue;
          throw new SchemaError(`${path}.${k}`, 'is missing');
        }
        out[k] = shape[k].validate(src[k], path ? `${path}.${k}` : k);
      }
      return out as Optional<S, O>;
    },
    json: () => ({
      type: 'object',
      additionalProperties: false,
      required: Object.keys(shape).filter((k) => !(optional as readonly string[]).includes(k)),
      properties: Object.fromEntries(Object.entries(shape).map(([k, s]) => [k, s.json()])),
    }),
  };
}

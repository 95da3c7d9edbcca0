import { z } from "zod";
import { NAMED } from "./openapi-named-schemas.js";

type JsonSchema = Record<string, unknown>;

export type Io = "input" | "output";

// Zod reads every schema's `.meta()` (descriptions included) from one registry, the global one: the names
// join the metadata there. Only this module gives schemas an `id`, and only these.
const registry = z.globalRegistry;
for (const [schema, named] of NAMED) registry.add(schema, { ...registry.get(schema), ...named });
const nameOf = new Map(NAMED.map(([schema, named]) => [schema, named.id]));

const LOCAL_REF = /^#\/\$defs\/(.+)$/;

/** Rewrites `#/$defs/<id>` refs (zod's) through `rename`, and drops what OpenAPI has no use for. */
function rewrite(node: unknown, rename: (id: string) => string, io: Io): unknown {
  if (Array.isArray(node)) return node.map((n) => rewrite(n, rename, io));
  if (node === null || typeof node !== "object") return node;
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === "$schema" || key === "$defs" || key === "$id") continue;
    // Responses may gain fields later: a generated client must not treat them as closed.
    if (io === "output" && key === "additionalProperties" && value === false) continue;
    const ref = key === "$ref" && typeof value === "string" ? LOCAL_REF.exec(value) : null;
    out[key] = ref?.[1] ? `#/components/schemas/${rename(ref[1])}` : rewrite(value, rename, io);
  }
  return out;
}

/**
 * Turns zod schemas into JSON Schema for OpenAPI 3.1, naming the registered ones. A named schema whose
 * request form differs from its response form (defaults make fields optional in requests) is kept twice:
 * `Item` as returned and `ItemInput` as sent; everything that refers to a differing schema differs too.
 */
export class SchemaBook {
  /** Components in use, by name. */
  readonly components: Record<string, JsonSchema> = {};
  private readonly forms: Record<Io, Map<string, JsonSchema>> = { input: new Map(), output: new Map() };
  private readonly differs = new Set<string>();

  constructor() {
    for (const io of ["input", "output"] as const) {
      const { schemas } = z.toJSONSchema(registry, {
        io,
        target: "draft-2020-12",
        unrepresentable: "any",
        uri: (id) => `#/$defs/${id}`,
      });
      for (const [id, schema] of Object.entries(schemas)) this.forms[io].set(id, schema as JsonSchema);
    }
    const refsOf = (schema: JsonSchema) => [...JSON.stringify(schema).matchAll(/"#\/\$defs\/([^"]+)"/g)];
    for (const [id, output] of this.forms.output) {
      if (JSON.stringify(this.forms.input.get(id)) !== JSON.stringify(output)) this.differs.add(id);
    }
    for (let changed = true; changed; ) {
      changed = false;
      for (const [id, input] of this.forms.input) {
        if (this.differs.has(id)) continue;
        if (refsOf(input).some((m) => m[1] !== undefined && this.differs.has(m[1]))) {
          this.differs.add(id);
          changed = true;
        }
      }
    }
  }

  private name(id: string, io: Io): string {
    return io === "input" && this.differs.has(id) ? `${id}Input` : id;
  }

  /**
   * Components and refs ready for a document: a schema only ever sent is named plainly (`Event`, not
   * `EventInput`) when nothing of that name is returned.
   */
  finish<T>(paths: T): { paths: T; schemas: Record<string, JsonSchema> } {
    const plain = new Map(
      Object.keys(this.components)
        .filter((name) => name.endsWith("Input"))
        .map((name) => [name, name.slice(0, -"Input".length)] as const)
        .filter(([, base]) => this.components[base] === undefined),
    );
    const renamed = Object.entries(this.components)
      .map(([name, schema]): [string, JsonSchema] => [plain.get(name) ?? name, schema])
      .sort(([a], [b]) => a.localeCompare(b));
    let text = JSON.stringify({ paths, schemas: Object.fromEntries(renamed) });
    for (const [from, to] of plain) {
      text = text.replaceAll(`"#/components/schemas/${from}"`, `"#/components/schemas/${to}"`);
    }
    return JSON.parse(text) as { paths: T; schemas: Record<string, JsonSchema> };
  }

  /** Adds a named schema (and, through `ref`, whatever it names) to the components; returns its name. */
  private use(id: string, io: Io): string {
    const name = this.name(id, io);
    if (this.components[name] === undefined) {
      const form = this.forms[io].get(id) ?? {};
      this.components[name] = {}; // reserved first: schemas may refer to each other
      this.components[name] = this.resolve(form, io) as JsonSchema;
    }
    return name;
  }

  private resolve(schema: JsonSchema, io: Io): unknown {
    return rewrite(schema, (id) => this.use(id, io), io);
  }

  /** The JSON Schema of `schema` as sent (`input`) or returned (`output`): a `$ref` when it is named. */
  schema(schema: z.ZodType, io: Io): JsonSchema {
    const id = nameOf.get(schema);
    if (id !== undefined) return { $ref: `#/components/schemas/${this.use(id, io)}` };
    const json = z.toJSONSchema(schema, {
      io,
      target: "draft-2020-12",
      unrepresentable: "any",
      metadata: registry,
    }) as JsonSchema;
    return this.resolve(json, io) as JsonSchema;
  }
}

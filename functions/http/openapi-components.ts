import { z } from "zod";
import { locationSchema } from "../../lib/schemas/common.js";
import { eventSchema, eventsResponseSchema } from "../../lib/schemas/event.js";
import { experimentResultsSchema, experimentSchema } from "../../lib/schemas/experiment.js";
import { itemSchema } from "../../lib/schemas/item.js";
import {
  candidateMessageSchema,
  messageReasonSchema,
  nextMessageResponseSchema,
} from "../../lib/schemas/messages.js";
import { customerOffersResponseSchema, offerSchema } from "../../lib/schemas/offer.js";
import { preferencesSchema } from "../../lib/schemas/preferences.js";
import { profileResponseSchema } from "../../lib/schemas/profile.js";
import { reasonSchema, recommendationResponseSchema } from "../../lib/schemas/recommendation.js";
import { strategySchema } from "../../lib/schemas/strategy.js";
import { visitorResponseSchema } from "../../lib/schemas/visitor.js";

/** RFC 9457 problem details, as every error is answered (functions/http/problem.ts). */
export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  errors: z
    .array(z.object({ path: z.string(), message: z.string() }))
    .optional()
    .meta({ description: "Each failing field, by its dotted path" }),
});

export const healthSchema = z.object({ status: z.literal("ok"), version: z.string() });

type JsonSchema = Record<string, unknown>;

interface Named {
  id: string;
  description?: string;
  examples?: unknown[];
}

/**
 * The schemas that get a name in `components.schemas` (and so a type of their own in generated clients),
 * with their descriptions and examples. The schemas themselves are the ones that validate requests.
 */
const NAMED: [z.ZodType, Named][] = [
  [
    eventSchema,
    {
      id: "Event",
      description: "An interaction; which fields are required depends on `type` (see the contract)",
      examples: [
        {
          eventId: "evt-1",
          type: "view",
          customerId: "alice",
          itemId: "tent-1",
          timestamp: "2030-01-01T12:00:00Z",
          channel: "app",
        },
      ],
    },
  ],
  [eventsResponseSchema, { id: "EventsAccepted", examples: [{ accepted: 1, rejected: [], failed: [] }] }],
  [
    itemSchema,
    {
      id: "Item",
      description: "A catalog item",
      examples: [
        {
          itemId: "tent-1",
          title: "Tent",
          categories: ["camping/tents"],
          price: 449,
          available: true,
          createdAt: "2026-01-01T00:00:00.000Z",
        },
      ],
    },
  ],
  [
    offerSchema,
    {
      id: "Offer",
      description: "A location-based offer",
      examples: [
        {
          offerId: "cafe-1",
          title: "Espresso and croissant",
          location: { lat: 52.52, lon: 13.405 },
          radiusM: 500,
          validFrom: "2030-01-01T00:00:00Z",
          validUntil: "2031-01-01T00:00:00Z",
          audience: "all",
          priority: 0,
        },
      ],
    },
  ],
  [locationSchema, { id: "Location", description: "WGS 84 degrees; accuracy in metres" }],
  [
    reasonSchema,
    {
      id: "Reason",
      description: "Why an item is in a list",
      examples: [{ type: "also_viewed", itemId: "sku-9" }],
    },
  ],
  [
    recommendationResponseSchema,
    {
      id: "Recommendations",
      description: "A ranked list, best first, each item with its reasons",
      examples: [
        {
          recommendationId: "6f1c2a9e-4b1d-4a8e-9a57-3c1f0e1b2d3c",
          items: [{ itemId: "tent-1", score: 0.82, reasons: [{ type: "trending" }] }],
        },
      ],
    },
  ],
  [
    customerOffersResponseSchema,
    { id: "CustomerOffers", description: "Offers around a customer, best first" },
  ],
  [profileResponseSchema, { id: "Profile", description: "Everything kept about a customer" }],
  [preferencesSchema, { id: "Preferences", description: "The customer's own controls" }],
  [strategySchema, { id: "Strategy", description: "How a list ranks: any knob left out keeps its default" }],
  [experimentSchema, { id: "Experiment", description: "An experiment's definition as stored" }],
  [experimentResultsSchema, { id: "ExperimentResults" }],
  [visitorResponseSchema, { id: "Visitor", description: "A fresh anonymous visitor and its token" }],
  [
    candidateMessageSchema,
    { id: "CandidateMessage", description: "A message that may be sent, with its variants" },
  ],
  [
    messageReasonSchema,
    { id: "MessageReason", description: "Why a message is sent, combined or suppressed" },
  ],
  [
    nextMessageResponseSchema,
    { id: "MessageDecision", description: "What to send a customer next, or nothing" },
  ],
  [healthSchema, { id: "Health", examples: [{ status: "ok", version: "0.1.0" }] }],
  [
    problemSchema,
    {
      id: "Problem",
      description: "RFC 9457 problem details",
      examples: [
        {
          type: "urn:kindred:problem:invalid-input",
          title: "Invalid request",
          status: 400,
          detail: "The request is not valid.",
          errors: [{ path: "limit", message: "Too big: expected number to be <=100" }],
        },
      ],
    },
  ],
];

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

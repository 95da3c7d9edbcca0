import { z } from "zod";
import { type ListedKind, nextCursorSchema, pageQuerySchema } from "../../lib/schemas/paging.js";
import type { Operation, Tag } from "./openapi-operation.js";

const page = <T extends z.ZodType>(list: string, schema: T) =>
  z.object({ [list]: z.array(schema), nextCursor: nextCursorSchema });

/** An admin list of resources, paged as the contract's Conventions say. */
export const listing = (
  operationId: string,
  tag: Tag,
  summary: string,
  list: ListedKind,
  schema: z.ZodType,
): Operation => ({
  operationId,
  tag,
  summary,
  description: "A page at a time, in id order; follow `nextCursor` until it is absent.",
  query: pageQuerySchema(list),
  response: { status: 200, description: `A page of ${list}`, schema: page(list, schema) },
  errors: [503],
});

import { z } from "zod";
import { idSchema } from "../../lib/schemas/common.js";
import { experimentIdSchema } from "../../lib/schemas/experiment.js";
import { ruleIdSchema } from "../../lib/schemas/rule.js";

// Every route's path parameters, one schema per kind of id, read as `const { itemId } = params(itemPathSchema, event)`.
// A list's path parameter is part of its query schema instead (lib/schemas), as its OpenAPI document needs.

export const customerPathSchema = z.object({ customerId: idSchema });
export const itemPathSchema = z.object({ itemId: idSchema });
export const offerPathSchema = z.object({ offerId: idSchema });
export const rulePathSchema = z.object({ ruleId: ruleIdSchema });
export const experimentPathSchema = z.object({ experimentId: experimentIdSchema });

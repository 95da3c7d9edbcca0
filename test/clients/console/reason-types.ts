import { reasonSchema } from "../../../lib/schemas/recommendation.js";

/** Every reason type the API's schema can send: the console must have words for each. */
export const REASON_TYPES: string[] = reasonSchema.options.map((option) => option.shape.type.value);

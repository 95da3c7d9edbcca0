import { z } from "zod";
import { ruleIdSchema } from "../../lib/schemas/rule.js";

export const rulePathSchema = z.object({ ruleId: ruleIdSchema });

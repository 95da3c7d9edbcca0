import { z } from "zod";
import { idSchema } from "../../lib/schemas/common.js";

export const itemPathSchema = z.object({ itemId: idSchema });

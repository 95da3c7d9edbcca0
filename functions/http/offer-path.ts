import { z } from "zod";
import { idSchema } from "../../lib/schemas/common.js";

export const offerPathSchema = z.object({ offerId: idSchema });

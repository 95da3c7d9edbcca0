import { z } from "zod";
import { idSchema } from "../../lib/schemas/common.js";
import { getProfile } from "../../lib/usecases/get-profile.js";
import { appContext } from "../context.js";
import { authenticatedRoute, json } from "./http-handler.js";
import { params } from "./request.js";

const { profiles, affinity, now } = appContext();
const pathSchema = z.object({ customerId: idSchema });

export const handler = authenticatedRoute(async (event, principal) => {
  const { customerId } = params(pathSchema, event);
  return json(
    200,
    await getProfile(principal, customerId, { profiles, halfLifeMs: affinity.halfLifeMs, now }),
  );
});

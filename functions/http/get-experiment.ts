import { z } from "zod";
import { experimentIdSchema } from "../../lib/schemas/experiment.js";
import { getExperiment } from "../../lib/usecases/experiments.js";
import { appContext } from "../context.js";
import { authenticatedRoute, json } from "./http-handler.js";
import { params } from "./request.js";

const { experiments } = appContext();
const pathSchema = z.object({ experimentId: experimentIdSchema });

export const handler = authenticatedRoute(async (event, principal) => {
  const { experimentId } = params(pathSchema, event);
  return json(200, await getExperiment(principal, experimentId, { experiments }));
});

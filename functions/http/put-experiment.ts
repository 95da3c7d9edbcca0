import { experimentRequestSchema } from "../../lib/schemas/experiment.js";
import { parseOrThrow } from "../../lib/schemas/issues.js";
import { putExperiment } from "../../lib/usecases/experiments.js";
import { appContext } from "../context.js";
import { authenticatedRoute, json } from "./http-handler.js";
import { experimentPathSchema } from "./path-params.js";
import { jsonBody, params } from "./request.js";

const { experimentsAdmin } = appContext();

export const handler = authenticatedRoute(async (event, principal) => {
  const { experimentId } = params(experimentPathSchema, event);
  const request = parseOrThrow(experimentRequestSchema, jsonBody(event));
  return json(200, await putExperiment(principal, experimentId, request, experimentsAdmin));
});

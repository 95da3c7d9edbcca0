import { experimentResults } from "../../lib/usecases/experiments.js";
import { appContext } from "../context.js";
import { authenticatedRoute, json } from "./http-handler.js";
import { experimentPathSchema } from "./path-params.js";
import { params } from "./request.js";

const { experimentsAdmin } = appContext();

export const handler = authenticatedRoute(async (event, principal) => {
  const { experimentId } = params(experimentPathSchema, event);
  return json(200, await experimentResults(principal, experimentId, experimentsAdmin));
});

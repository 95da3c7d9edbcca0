import { pageQuerySchema } from "../../lib/schemas/paging.js";
import { listExperiments } from "../../lib/usecases/experiments.js";
import { appContext } from "../context.js";
import { authenticatedRoute, json } from "./http-handler.js";
import { params } from "./request.js";

const { experimentsAdmin } = appContext();
const querySchema = pageQuerySchema("experiments");

export const handler = authenticatedRoute(async (event, principal) =>
  json(200, await listExperiments(principal, params(querySchema, event), experimentsAdmin)),
);

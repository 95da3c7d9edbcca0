import {
  experimentRequestSchema,
  experimentResultsSchema,
  experimentSchema,
} from "../../lib/schemas/experiment.js";
import { listing } from "./openapi-listing.js";
import type { Operation } from "./openapi-operation.js";

/** The experiments' routes (admin), keyed like OPERATIONS. */
export const EXPERIMENT_OPERATIONS: Record<string, Operation> = {
  "PUT /v1/experiments/{experimentId}": {
    operationId: "putExperiment",
    tag: "Experiments",
    summary: "Create, change, start or stop an experiment",
    description: "One experiment runs per placement at a time; starting a second is a 409.",
    request: experimentRequestSchema,
    requestExample: {
      placement: "recommendations",
      status: "running",
      variants: [
        { name: "control", weight: 1, strategy: {} },
        { name: "diverse", weight: 1, strategy: { diversity: 0.5 } },
      ],
    },
    response: { status: 200, description: "The experiment as stored", schema: experimentSchema },
    errors: [409, 503],
  },
  "GET /v1/experiments": listing(
    "listExperiments",
    "Experiments",
    "List the experiments",
    "experiments",
    experimentSchema,
  ),
  "GET /v1/experiments/{experimentId}": {
    operationId: "getExperiment",
    tag: "Experiments",
    summary: "Read an experiment's definition",
    response: { status: 200, description: "The experiment as stored", schema: experimentSchema },
    errors: [404, 503],
  },
  "GET /v1/experiments/{experimentId}/results": {
    operationId: "getExperimentResults",
    tag: "Experiments",
    summary: "Read an experiment's results",
    description: "Impressions, clicks, conversions and lift against the control with a 95% interval.",
    response: { status: 200, description: "Per variant", schema: experimentResultsSchema },
    errors: [404, 503],
  },
};

import { loadVisitorLimit, loadVisitorSigning } from "../../lib/config/visitor-config.js";
import { createVisitor } from "../../lib/usecases/create-visitor.js";
import { composeVisitorTokens } from "../compose-visitors.js";
import { appContext } from "../context.js";
import { json, publicRoute } from "./http-handler.js";

const deps = composeVisitorTokens(
  appContext(),
  loadVisitorSigning(process.env),
  loadVisitorLimit(process.env),
);

export const handler = publicRoute(async (event) =>
  json(201, await createVisitor(event.requestContext.http.sourceIp, deps)),
);

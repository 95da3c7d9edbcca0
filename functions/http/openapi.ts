import { appContext } from "../context.js";
import { json, publicRoute } from "./http-handler.js";
import { openApiDocument } from "./openapi-document.js";

const document = openApiDocument(appContext().version);

export const handler = publicRoute(async () => json(200, document));

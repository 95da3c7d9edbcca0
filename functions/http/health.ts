import { appContext } from "../context.js";
import { json, publicRoute } from "./http-handler.js";

const { version } = appContext();

export const handler = publicRoute(async () => json(200, { status: "ok", version }));

// The embedded stores ship without type declarations; these cover the part Kindred uses.
declare module "dynalite" {
  import type { Server } from "node:http";
  export default function dynalite(options?: Record<string, unknown>): Server;
}
declare module "kinesalite" {
  import type { Server } from "node:http";
  export default function kinesalite(options?: Record<string, unknown>): Server;
}

import { z } from "zod";

/** `POST /v1/visitors`: a fresh anonymous visitor and a short-lived `customer` token for it. */
export const visitorResponseSchema = z.object({
  customerId: z.string().meta({
    description: "A fresh anonymous id: `anon-` and 128 random bits (base64url)",
    example: "anon-q2Xv0nB7mT3kL9wYzR1cHg",
  }),
  token: z.string().meta({
    description:
      "A `customer` token for `customerId` (Bearer): sends its events, reads its lists and profile",
  }),
  expiresAt: z
    .string()
    .meta({ description: "When the token expires (at most 24 hours ahead), ISO-8601 UTC" }),
});

// What Kindred exports to engineers who embed it in their own CDK app.
export { type FrontDoorKind, Kindred, type KindredProps } from "./constructs/kindred.js";
export type { ConsumerSettings } from "./constructs/stream-consumer.js";
export { KindredStack } from "./kindred-stack.js";

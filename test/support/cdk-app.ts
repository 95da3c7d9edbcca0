import { App } from "aws-cdk-lib";

/**
 * An App for tests that read the synthesized template: asset bundling is skipped (it is what takes the
 * time, and the bundles themselves are tested in bundled-assets.test.ts).
 */
export const templateOnlyApp = () => new App({ context: { "aws:cdk:bundling-stacks": [] } });

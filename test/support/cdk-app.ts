import { App } from "aws-cdk-lib";

/**
 * An App for tests that read the synthesized template: asset bundling is skipped (it is what takes the
 * time, and the bundles themselves are tested in bundled-assets.test.ts).
 */
export const templateOnlyApp = () => new App({ context: { "aws:cdk:bundling-stacks": [] } });

/**
 * How long a test or hook that synthesizes a stack with the AWS Solutions checks may take: 5–15 s on an
 * idle 2-core machine, up to 40 s on a busy one, so not within a test's default 30 s.
 */
export const SYNTH_LIMIT_MS = 120_000;

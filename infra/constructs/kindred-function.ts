import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Duration, RemovalPolicy, Validations } from "aws-cdk-lib";
import { Architecture, Runtime } from "aws-cdk-lib/aws-lambda";
import { NodejsFunction, type NodejsFunctionProps, OutputFormat } from "aws-cdk-lib/aws-lambda-nodejs";
import { LogGroup, type RetentionDays } from "aws-cdk-lib/aws-logs";
import type { Construct } from "constructs";

/** The repository root, where functions/ lives. */
export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

export interface KindredFunctionProps extends Omit<NodejsFunctionProps, "entry"> {
  /** Path of the handler module relative to the repository root, e.g. `functions/http/health.ts`. */
  entry: string;
  logRetention: RetentionDays;
}

/** Every Kindred function: Node 24 on ARM, bundled ESM with source maps, a log group with bounded retention. */
export class KindredFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: KindredFunctionProps) {
    const { logRetention, entry, environment, ...rest } = props;
    const logGroup = new LogGroup(scope, `${id}Logs`, {
      retention: logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    super(scope, id, {
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: 512,
      timeout: Duration.seconds(10),
      logGroup,
      entry: join(REPO_ROOT, entry),
      handler: "handler",
      projectRoot: REPO_ROOT,
      depsLockFilePath: join(REPO_ROOT, "package-lock.json"),
      environment: { NODE_OPTIONS: "--enable-source-maps", ...environment },
      bundling: {
        format: OutputFormat.ESM,
        target: "node24",
        minify: true,
        // Logs name errors by their class (`DependencyUnavailable`): minified, it would read `t`.
        keepNames: true,
        sourceMap: true,
        // The AWS SDK v3 ships in the Node runtime, but bundling pins the version we test with.
        externalModules: [],
        mainFields: ["module", "main"],
        banner:
          "import { createRequire as __kindredRequire } from 'module'; const require = __kindredRequire(import.meta.url);",
      },
      ...rest,
    });
    Validations.of(this).acknowledge({
      id: "AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]",
      reason:
        "AWSLambdaBasicExecutionRole is AWS's minimal policy for a function to write its own logs; every data permission is granted separately, per action.",
    });
  }
}

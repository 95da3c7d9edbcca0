import { Stack, type StackProps } from "aws-cdk-lib";
import type { Construct } from "constructs";
import { Kindred, type KindredProps } from "./constructs/kindred.js";

/** The stack `cdk deploy` creates: Kindred and nothing else. */
export class KindredStack extends Stack {
  readonly kindred: Kindred;

  constructor(scope: Construct, id: string, props: StackProps & { kindred: KindredProps }) {
    super(scope, id, props);
    this.kindred = new Kindred(this, "Kindred", props.kindred);
  }
}

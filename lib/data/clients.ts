import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { KinesisClient } from "@aws-sdk/client-kinesis";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import type { KindredConfig } from "../config/config.js";

// The embedded stores accept any credentials; real ones come from the Lambda role in AWS.
const LOCAL_CREDENTIALS = { accessKeyId: "local", secretAccessKey: "local" };

export function createDynamoClient(config: KindredConfig): DynamoDBDocumentClient {
  const endpoint = config.endpoints.dynamodb;
  const client = new DynamoDBClient({
    region: config.region,
    ...(endpoint ? { endpoint, credentials: LOCAL_CREDENTIALS } : {}),
  });
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

export function createKinesisClient(config: KindredConfig): KinesisClient {
  const endpoint = config.endpoints.kinesis;
  return new KinesisClient({
    region: config.region,
    // kinesalite speaks HTTP/1.1 only; the default HTTP/2 handler fails against it.
    ...(endpoint ? { endpoint, credentials: LOCAL_CREDENTIALS, requestHandler: new NodeHttpHandler() } : {}),
  });
}

// Runs one interop scenario against InteropService with connect-node's transports.
//
//   node connect-node-interop.mjs <connect|grpc-web|grpc> <json|proto> <1.1|2> <base-url> <scenario>
//
// Prints the outcome as lib/interop-service.mjs describes.
import { createClient } from "@connectrpc/connect";
import {
  compressionGzip,
  createConnectTransport,
  createGrpcTransport,
  createGrpcWebTransport,
} from "@connectrpc/connect-node";
import { runConnectScenario, transportOptions } from "./lib/connect-scenario.mjs";
import { printOutcome, registry, scenarioArgument, service } from "./lib/interop-service.mjs";

const USAGE = "node connect-node-interop.mjs <connect|grpc-web|grpc> <json|proto> <1.1|2> <base-url> <scenario>";
const [protocol, codec, httpVersion, baseUrl, scenarioName] = process.argv.slice(2);
if (!["connect", "grpc-web", "grpc"].includes(protocol) || !["json", "proto"].includes(codec)
    || !["1.1", "2"].includes(httpVersion) || !baseUrl) {
  console.error(`usage: ${USAGE}`);
  process.exit(2);
}
const scenario = scenarioArgument(scenarioName, USAGE);

function transport(options) {
  const common = { baseUrl, httpVersion, useBinaryFormat: codec === "proto", ...options };
  switch (protocol) {
    case "connect": return createConnectTransport(common);
    case "grpc-web": return createGrpcWebTransport(common);
    default: return createGrpcTransport(common);
  }
}

const client = createClient(service, transport(transportOptions(scenario, compressionGzip)));
const outcome = { messages: [], headers: {}, trailers: {} };
const started = performance.now();
await runConnectScenario({ client, service, registry, scenario, outcome });
outcome.elapsedMillis = Math.round(performance.now() - started);
printOutcome(outcome);

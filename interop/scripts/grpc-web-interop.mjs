// Runs one interop scenario against InteropService with grpc-web, the gRPC project's gRPC-Web
// runtime for browsers, in Node with xhr2 in the role of the browser's XMLHttpRequest
// (HTTP/1.1).
//
//   node grpc-web-interop.mjs <grpc-web-text|grpc-web> <base-url> <scenario>
//
// grpc-web-text is the library's text mode (application/grpc-web-text, base64 bodies), the one
// browsers use for server streams; grpc-web is its binary mode (application/grpc-web+proto),
// which the library offers for unary calls only. xhr2 hands a response over only once it has
// ended, so a stream cannot be cancelled midway here (the browser tests do that). Prints the
// outcome as lib/interop-service.mjs describes.
import { GrpcWebClientBase } from "grpc-web";
import XMLHttpRequest from "xhr2";
import { runGrpcWebScenario } from "./lib/grpc-web-scenario.mjs";
import { printOutcome, registry, scenarioArgument, service } from "./lib/interop-service.mjs";

const USAGE = "node grpc-web-interop.mjs <grpc-web-text|grpc-web> <base-url> <scenario>";
const [protocol, baseUrl, scenarioName] = process.argv.slice(2);
if (!["grpc-web-text", "grpc-web"].includes(protocol) || !baseUrl) {
  console.error(`usage: ${USAGE}`);
  process.exit(2);
}
const scenario = scenarioArgument(scenarioName, USAGE);

// The library looks XMLHttpRequest up when it makes a call, as it would in a browser.
globalThis.XMLHttpRequest = XMLHttpRequest;

const client = new GrpcWebClientBase({ format: (protocol === "grpc-web-text") ? "text" : "binary" });
const outcome = { messages: [], headers: {}, trailers: {} };
const started = performance.now();
await runGrpcWebScenario({ client, baseUrl, service, registry, scenario, outcome });
outcome.elapsedMillis = Math.round(performance.now() - started);
printOutcome(outcome);

// Runs one interop scenario against InteropService with grpc-web, the gRPC-Web client runtime
// that the gRPC project publishes for browsers, in Node with xhr2 in the role of the browser's
// XMLHttpRequest (HTTP/1.1).
//
//   node grpc-web-interop.mjs <grpc-web-text|grpc-web> <base-url> <scenario>
//
// grpc-web-text is the library's text mode (application/grpc-web-text, base64 bodies), the one
// browsers use for server streams; grpc-web is its binary mode (application/grpc-web+proto),
// which the library offers for unary calls only. Prints the outcome as lib/interop-service.mjs
// describes.
import { fromBinary, fromJson, toBinary, toJson } from "@bufbuild/protobuf";
import { Code } from "@connectrpc/connect";
import { GrpcWebClientBase, MethodDescriptor } from "grpc-web";
import XMLHttpRequest from "xhr2";
import {
  ECHO_BIN, ECHO_HEADER, REQUESTS, SERVICE_NAME, connectCodeName, printOutcome, registry, scenarioArgument, service,
  statusDetails,
} from "./lib/interop-service.mjs";

const USAGE = "node grpc-web-interop.mjs <grpc-web-text|grpc-web> <base-url> <scenario>";
const [protocol, baseUrl, scenarioName] = process.argv.slice(2);
if (!["grpc-web-text", "grpc-web"].includes(protocol) || !baseUrl) {
  console.error(`usage: ${USAGE}`);
  process.exit(2);
}
const scenario = scenarioArgument(scenarioName, USAGE);

// The library looks XMLHttpRequest up when it makes a call, as it would in a browser.
globalThis.XMLHttpRequest = XMLHttpRequest;

const CALL_TIMEOUT_MS = 10_000;
const client = new GrpcWebClientBase({ format: (protocol === "grpc-web-text") ? "text" : "binary" });

const method = (name) => service.methods.find((m) => m.localName === name);
const url = (name) => `${baseUrl}/${SERVICE_NAME}/${method(name).name}`;
const request = (name, json) => fromJson(method(name).input, json, { registry });
const print = (name, message) => toJson(method(name).output, message, { registry });

/** What protoc-gen-grpc-web would generate for a method, with @bufbuild/protobuf's codec. */
function descriptor(name, type) {
  const { input, output } = method(name);
  return new MethodDescriptor(`/${SERVICE_NAME}/${method(name).name}`, type, Object, Object,
    (message) => toBinary(input, message), (bytes) => fromBinary(output, bytes));
}

/** The echo metadata, and the deadline, which grpc-web takes as metadata and sends as grpc-timeout. */
function callMetadata(timeoutMillis = CALL_TIMEOUT_MS) {
  return {
    "x-echo": ECHO_HEADER,
    "x-echo-bin": Buffer.from(ECHO_BIN).toString("base64").replace(/=+$/, ""),
    deadline: String(Date.now() + timeoutMillis),
  };
}

function recordError(outcome, err) {
  const detailsBin = err.metadata?.["grpc-status-details-bin"];
  outcome.error = {
    code: connectCodeName(Code[err.code]),
    message: err.message,
    details: detailsBin ? statusDetails(Buffer.from(detailsBin, "base64")) : [],
  };
}

/** Follows a call's headers and trailers (grpc-web calls them metadata and status metadata). */
function observe(call, outcome) {
  call.on("metadata", (headers) => { outcome.headers = headers; });
  call.on("status", (status) => { outcome.trailers = status.metadata ?? {}; });
}

function unary(name, json, outcome, timeoutMillis) {
  return new Promise((resolve) => {
    const call = client.rpcCall(url(name), request(name, json), callMetadata(timeoutMillis), descriptor(name, "unary"),
      (err, response) => {
        if (err) recordError(outcome, err);
        else outcome.messages.push(print(name, response));
        resolve();
      });
    observe(call, outcome);
  });
}

/**
 * Reads a Count stream. (xhr2 hands grpc-web a response only once it has ended, so a client
 * here cannot cancel a stream midway as a browser's can.)
 */
function serverStream(json, outcome) {
  return new Promise((resolve) => {
    const stream = client.serverStreaming(url("count"), request("count", json), callMetadata(),
      descriptor("count", "server_streaming"));
    observe(stream, outcome);
    stream.on("data", (response) => outcome.messages.push(print("count", response)));
    stream.on("error", (err) => {
      recordError(outcome, err);
      resolve();
    });
    stream.on("end", resolve);
  });
}

async function run(outcome) {
  switch (scenario) {
    case "unary":
    case "metadata":
      return unary("echo", REQUESTS.unary, outcome);
    case "error":
      return unary("fail", REQUESTS.error, outcome);
    case "deadline":
      return unary("sleep", REQUESTS.deadline, outcome, REQUESTS.deadlineTimeoutMillis);
    case "server-stream":
      return serverStream(REQUESTS.serverStream, outcome);
    default:
      console.error(`grpc-web cannot run the ${scenario} scenario`);
      process.exit(2);
  }
}

const outcome = { messages: [], headers: {}, trailers: {} };
const started = performance.now();
await run(outcome);
outcome.elapsedMillis = Math.round(performance.now() - started);
printOutcome(outcome);

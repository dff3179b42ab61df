// Runs one interop scenario against InteropService with connect-node's transports.
//
//   node connect-node-interop.mjs <connect|grpc-web|grpc> <json|proto> <1.1|2> <base-url> <scenario>
//
// Prints the outcome as lib/interop-service.mjs describes.
import { create, fromJson, toJson } from "@bufbuild/protobuf";
import { Code, ConnectError, createClient, encodeBinaryHeader } from "@connectrpc/connect";
import {
  compressionGzip,
  createConnectTransport,
  createGrpcTransport,
  createGrpcWebTransport,
} from "@connectrpc/connect-node";
import {
  ECHO_BIN, ECHO_HEADER, REQUESTS, arrivals, connectCodeName, printOutcome, registry, scenarioArgument, service,
} from "./lib/interop-service.mjs";

const USAGE = "node connect-node-interop.mjs <connect|grpc-web|grpc> <json|proto> <1.1|2> <base-url> <scenario>";
const [protocol, codec, httpVersion, baseUrl, scenarioName] = process.argv.slice(2);
if (!["connect", "grpc-web", "grpc"].includes(protocol) || !["json", "proto"].includes(codec)
    || !["1.1", "2"].includes(httpVersion) || !baseUrl) {
  console.error(`usage: ${USAGE}`);
  process.exit(2);
}
const scenario = scenarioArgument(scenarioName, USAGE);

const CALL_TIMEOUT_MS = 10_000;
const method = (name) => service.methods.find((m) => m.localName === name);

function transport(options = {}) {
  const common = { baseUrl, httpVersion, useBinaryFormat: codec === "proto", ...options };
  switch (protocol) {
    case "connect": return createConnectTransport(common);
    case "grpc-web": return createGrpcWebTransport(common);
    default: return createGrpcTransport(common);
  }
}

const client = createClient(service, transport(scenario === "get" ? { useHttpGet: true }
  : scenario === "gzip" ? { sendCompression: compressionGzip, acceptCompression: [compressionGzip] }
  : {}));

const request = (methodName, json) => fromJson(method(methodName).input, json, { registry });
const print = (methodName, message) => toJson(method(methodName).output, message, { registry });

/** Call options that send the echo metadata and record what comes back. */
function recordingOptions(outcome, extra = {}) {
  return {
    timeoutMs: CALL_TIMEOUT_MS,
    headers: { "x-echo": ECHO_HEADER, "x-echo-bin": encodeBinaryHeader(ECHO_BIN) },
    onHeader: (headers) => { outcome.headers = Object.fromEntries(headers); },
    onTrailer: (trailers) => { outcome.trailers = Object.fromEntries(trailers); },
    ...extra,
  };
}

async function* requestsOf(methodName, jsons) {
  for (const json of jsons) {
    yield request(methodName, json);
  }
}

/** Sends one message, waits for its answer, sends the next: only a full-duplex stream gets through. */
async function* pingPong(texts, replies) {
  for (const [index, text] of texts.entries()) {
    yield request("chat", { text });
    await replies.atLeast(index + 1);
  }
}

async function run(outcome) {
  const options = recordingOptions(outcome);
  switch (scenario) {
    case "unary":
    case "metadata":
      outcome.messages.push(print("echo", await client.echo(request("echo", REQUESTS.unary), options)));
      break;
    case "gzip":
      outcome.messages.push(print("echo", await client.echo(request("echo", REQUESTS.gzip), options)));
      break;
    case "get":
      outcome.messages.push(print("lookup", await client.lookup(request("lookup", REQUESTS.unary), options)));
      break;
    case "error":
      outcome.messages.push(print("fail", await client.fail(request("fail", REQUESTS.error), options)));
      break;
    case "deadline":
      options.timeoutMs = REQUESTS.deadlineTimeoutMillis;
      outcome.messages.push(print("sleep", await client.sleep(request("sleep", REQUESTS.deadline), options)));
      break;
    case "server-stream":
      for await (const response of client.count(request("count", REQUESTS.serverStream), options)) {
        outcome.messages.push(print("count", response));
      }
      break;
    case "client-stream":
      outcome.messages.push(print("join", await client.join(requestsOf("join", REQUESTS.clientStream), options)));
      break;
    case "tiny-client-stream":
      outcome.messages.push(print("join", await client.join(requestsOf("join", REQUESTS.tinyClientStream), options)));
      break;
    case "bidi": {
      const replies = arrivals();
      for await (const response of client.chat(pingPong(REQUESTS.bidi, replies), options)) {
        outcome.messages.push(print("chat", response));
        replies.arrived();
      }
      break;
    }
    case "bidi-half-duplex":
      for await (const response of client.chat(requestsOf("chat", REQUESTS.bidi.map((text) => ({ text }))), options)) {
        outcome.messages.push(print("chat", response));
      }
      break;
    case "cancel":
      await cancelMidStream(outcome, options);
      break;
  }
}

/** Aborts a server stream after a few messages, then checks the server still answers. */
async function cancelMidStream(outcome, options) {
  const abort = new AbortController();
  try {
    for await (const response of client.count(request("count", REQUESTS.cancel), { ...options, signal: abort.signal })) {
      outcome.messages.push(print("count", response));
      if (outcome.messages.length === REQUESTS.cancelAfter) {
        abort.abort();
      }
    }
  } catch (err) {
    recordError(outcome, err);
  }
  outcome.followUp = print("echo", await client.echo(request("echo", { text: "after cancel" }), { timeoutMs: CALL_TIMEOUT_MS }));
}

function recordError(outcome, err) {
  const error = ConnectError.from(err);
  outcome.error = {
    code: connectCodeName(Code[error.code]),
    message: error.rawMessage,
    details: error.details.map((detail) => ({
      type: detail.type ?? detail.desc.typeName,
      value: Buffer.from(detail.value).toString("base64"),
    })),
  };
}

const outcome = { messages: [], headers: {}, trailers: {} };
const started = performance.now();
try {
  await run(outcome);
} catch (err) {
  recordError(outcome, err);
}
outcome.elapsedMillis = Math.round(performance.now() - started);
printOutcome(outcome);

// Runs one interop scenario against InteropService with @grpc/grpc-js (gRPC over HTTP/2 with
// prior knowledge), loading the service from the interop descriptor set.
//
//   node grpc-js-interop.mjs <host:port> <scenario>
//
// Prints the outcome as lib/interop-service.mjs describes. The get scenario is Connect's
// alone; grpc-js makes it an ordinary unary call.
import { readFileSync } from "node:fs";
import grpc from "@grpc/grpc-js";
import protoLoader from "@grpc/proto-loader";
import {
  DESCRIPTOR_SET, ECHO_BIN, ECHO_HEADER, REQUESTS, SERVICE_NAME, arrivals, connectCodeName, printOutcome,
  scenarioArgument, statusDetails,
} from "./lib/interop-service.mjs";

const USAGE = "node grpc-js-interop.mjs <host:port> <scenario>";
const [address, scenarioName] = process.argv.slice(2);
if (!address) {
  console.error(`usage: ${USAGE}`);
  process.exit(2);
}
const scenario = scenarioArgument(scenarioName, USAGE);

const CALL_TIMEOUT_MS = 10_000;
const GZIP = 2; // grpc-js's compression algorithm number for gzip

const definitions = protoLoader.loadFileDescriptorSetFromBuffer(readFileSync(DESCRIPTOR_SET), { defaults: true });
const InteropClient = grpc.makeGenericClientConstructor(definitions[SERVICE_NAME], SERVICE_NAME);
const client = new InteropClient(address, grpc.credentials.createInsecure(),
  scenario === "gzip" ? { "grpc.default_compression_algorithm": GZIP } : {});

const deadline = (millis = CALL_TIMEOUT_MS) => new Date(Date.now() + millis);

/**
 * A request in proto3 JSON (lowerCamelCase) with the proto's own field names, which
 * proto-loader expects of a service loaded from a descriptor set: intervalMillis -> interval_millis.
 */
const protoNames = (json) => Object.fromEntries(
  Object.entries(json).map(([name, value]) => [name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), value]),
);

function echoMetadata() {
  const metadata = new grpc.Metadata();
  metadata.set("x-echo", ECHO_HEADER);
  metadata.set("x-echo-bin", Buffer.from(ECHO_BIN));
  return metadata;
}

/** Metadata as header-like JSON: binary values in base64, as they travel. */
function toHeaders(metadata) {
  const headers = {};
  for (const [key, values] of Object.entries(metadata.getMap())) {
    headers[key] = Buffer.isBuffer(values) ? values.toString("base64").replace(/=+$/, "") : String(values);
  }
  return headers;
}

function recordError(outcome, err) {
  const detailsBin = err.metadata?.get("grpc-status-details-bin")?.[0];
  outcome.error = {
    code: connectCodeName(grpc.status[err.code]),
    message: err.details,
    details: detailsBin ? statusDetails(detailsBin) : [],
  };
}

/** Follows a call's headers, trailers and end; resolves when its status has arrived. */
function observe(call, outcome) {
  call.on("metadata", (metadata) => { outcome.headers = toHeaders(metadata); });
  return new Promise((resolve) => call.on("status", (status) => {
    outcome.trailers = toHeaders(status.metadata);
    resolve(status);
  }));
}

function unary(methodName, request, outcome, millis) {
  return new Promise((resolve) => {
    const call = client[methodName](protoNames(request), echoMetadata(), { deadline: deadline(millis) }, (err, response) => {
      if (err) recordError(outcome, err);
      else outcome.messages.push(response);
    });
    observe(call, outcome).then(resolve);
  });
}

async function serverStream(request, outcome, cancelAfter) {
  const call = client.Count(protoNames(request), echoMetadata(), { deadline: deadline() });
  const ended = observe(call, outcome);
  call.on("error", (err) => recordError(outcome, err));
  call.on("data", (response) => {
    outcome.messages.push(response);
    if (outcome.messages.length === cancelAfter) call.cancel();
  });
  await ended;
}

function clientStream(requests, outcome) {
  return new Promise((resolve) => {
    const call = client.Join(echoMetadata(), { deadline: deadline() }, (err, response) => {
      if (err) recordError(outcome, err);
      else outcome.messages.push(response);
    });
    observe(call, outcome).then(resolve);
    requests.forEach((request) => call.write(request));
    call.end();
  });
}

/** Sends every message and half-closes, then reads the answers. */
async function halfDuplex(texts, outcome) {
  const call = client.Chat(echoMetadata(), { deadline: deadline() });
  const ended = observe(call, outcome);
  call.on("error", (err) => recordError(outcome, err));
  call.on("data", (response) => outcome.messages.push(response));
  texts.forEach((text) => call.write({ text }));
  call.end();
  await ended;
}

/** Sends one message, waits for its answer, sends the next: only a full-duplex stream gets through. */
async function pingPong(texts, outcome) {
  const call = client.Chat(echoMetadata(), { deadline: deadline() });
  const ended = observe(call, outcome);
  const replies = arrivals();
  call.on("error", (err) => recordError(outcome, err));
  call.on("data", (response) => {
    outcome.messages.push(response);
    replies.arrived();
  });
  for (const [index, text] of texts.entries()) {
    call.write({ text });
    await Promise.race([replies.atLeast(index + 1), ended]);
  }
  call.end();
  await ended;
}

async function run(outcome) {
  switch (scenario) {
    case "unary":
    case "metadata":
    case "get":
      return unary("Echo", REQUESTS.unary, outcome);
    case "gzip":
      return unary("Echo", REQUESTS.gzip, outcome);
    case "error":
      return unary("Fail", REQUESTS.error, outcome);
    case "deadline":
      return unary("Sleep", REQUESTS.deadline, outcome, REQUESTS.deadlineTimeoutMillis);
    case "server-stream":
      return serverStream(REQUESTS.serverStream, outcome);
    case "client-stream":
      return clientStream(REQUESTS.clientStream, outcome);
    case "tiny-client-stream":
      return clientStream(REQUESTS.tinyClientStream, outcome);
    case "bidi":
      return pingPong(REQUESTS.bidi, outcome);
    case "bidi-half-duplex":
      return halfDuplex(REQUESTS.bidi, outcome);
    case "cancel": {
      await serverStream(REQUESTS.cancel, outcome, REQUESTS.cancelAfter);
      const followUp = { messages: [] };
      await unary("Echo", { text: "after cancel" }, followUp);
      outcome.followUp = followUp.messages[0] ?? followUp.error;
      return undefined;
    }
  }
}

const outcome = { messages: [], headers: {}, trailers: {} };
const started = performance.now();
await run(outcome);
outcome.elapsedMillis = Math.round(performance.now() - started);
client.close();
printOutcome(outcome);

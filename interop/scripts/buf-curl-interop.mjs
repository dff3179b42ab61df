// Runs one interop scenario against InteropService with `buf curl` (connect-go underneath),
// reading the service from the interop descriptor set.
//
//   node buf-curl-interop.mjs <connect|grpc|grpcweb> <1.1|2> <base-url> <scenario>
//
// Prints the outcome as lib/interop-service.mjs describes. buf curl sets no deadlines
// (grpc-timeout and connect-timeout-ms are reserved headers to it), has no compression or
// GET switch and cannot cancel; it reads the requests from stdin, so its bidi streams are
// half-duplex. It runs unary, server-stream, client-stream, bidi-half-duplex, error and
// metadata.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import {
  DESCRIPTOR_SET, ECHO_BIN, ECHO_HEADER, REQUESTS, SERVICE_NAME, printOutcome, scenarioArgument,
} from "./lib/interop-service.mjs";

const USAGE = "node buf-curl-interop.mjs <connect|grpc|grpcweb> <1.1|2> <base-url> <scenario>";
const [protocol, httpVersion, baseUrl, scenarioName] = process.argv.slice(2);
if (!["connect", "grpc", "grpcweb"].includes(protocol) || !["1.1", "2"].includes(httpVersion) || !baseUrl) {
  console.error(`usage: ${USAGE}`);
  process.exit(2);
}
const scenario = scenarioArgument(scenarioName, USAGE);

const BUF = fileURLToPath(new URL("../node_modules/.bin/buf", import.meta.url));
const TIMEOUT_MS = 20_000;

const CALLS = {
  unary: ["Echo", [REQUESTS.unary]],
  metadata: ["Echo", [REQUESTS.unary]],
  error: ["Fail", [REQUESTS.error]],
  "server-stream": ["Count", [REQUESTS.serverStream]],
  "client-stream": ["Join", REQUESTS.clientStream],
  "tiny-client-stream": ["Join", REQUESTS.tinyClientStream],
  "bidi-half-duplex": ["Chat", REQUESTS.bidi.map((text) => ({ text }))],
};
if (!CALLS[scenario]) {
  console.error(`buf curl cannot run the ${scenario} scenario`);
  process.exit(2);
}
const [method, requests] = CALLS[scenario];

const args = [
  "curl", "--schema", DESCRIPTOR_SET, "--protocol", protocol, "--verbose", "--data", "@-",
  "--header", `x-echo: ${ECHO_HEADER}`,
  "--header", `x-echo-bin: ${Buffer.from(ECHO_BIN).toString("base64")}`,
  ...(httpVersion === "2" ? ["--http2-prior-knowledge"] : []),
  `${baseUrl}/${SERVICE_NAME}/${method}`,
];
const started = performance.now();
const run = spawnSync(BUF, args, {
  input: requests.map((request) => JSON.stringify(request)).join("\n"),
  encoding: "utf8",
  timeout: TIMEOUT_MS,
});
if (run.error || run.signal) {
  console.error(`buf curl did not finish: ${run.error?.message ?? run.signal}\n${run.stderr}`);
  process.exit(1);
}

/** Splits concatenated pretty-printed JSON documents. */
function jsonDocuments(text) {
  const documents = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "{" && depth++ === 0) start = i;
    else if (c === "}" && --depth === 0) documents.push(JSON.parse(text.slice(start, i + 1)));
  }
  return documents;
}

/**
 * The response headers and trailers from --verbose output: "buf: < (#1) Name: value" lines,
 * headers before the first empty one, trailers after the second; Connect unary trailers are
 * the headers prefixed "trailer-".
 */
function metadata(stderr) {
  const headers = {};
  const trailers = {};
  let blankLines = 0;
  for (const line of stderr.split("\n")) {
    const match = /^buf: < \(#\d+\) ?(.*)$/.exec(line);
    if (!match) continue;
    if (match[1] === "") {
      blankLines++;
      continue;
    }
    const field = /^([^:\s]+): (.*)$/.exec(match[1]);
    if (!field) continue; // the status line
    const name = field[1].toLowerCase();
    if (blankLines === 0 && name.startsWith("trailer-")) trailers[name.slice("trailer-".length)] = field[2];
    else if (blankLines === 0) headers[name] = field[2];
    else trailers[name] = field[2];
  }
  return { headers, trailers };
}

const outcome = { messages: jsonDocuments(run.stdout), ...metadata(run.stderr) };
if (run.status !== 0) {
  // The error is the last JSON document on stderr, after the verbose lines.
  const error = jsonDocuments(run.stderr.split("\n").filter((line) => !line.startsWith("buf: ")).join("\n")).pop();
  outcome.error = error
    ? { code: error.code, message: error.message, details: (error.details ?? []).map(({ type, value }) => ({ type, value })) }
    : { code: "unknown", message: run.stderr.trim() };
}
outcome.elapsedMillis = Math.round(performance.now() - started);
printOutcome(outcome);

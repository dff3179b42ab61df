// One interop scenario with a Connect-ES client (connect-node's or connect-web's transports:
// the client API is the same), in Node and in browsers alike.
import { fromJson, toJson } from "@bufbuild/protobuf";
import { Code, ConnectError, encodeBinaryHeader } from "@connectrpc/connect";
import { ECHO_BIN, ECHO_HEADER, REQUESTS, arrivals, base64, connectCodeName } from "./scenarios.mjs";

const CALL_TIMEOUT_MS = 10_000;

/**
 * The Connect-ES client options a scenario needs on its transport, beyond the protocol's.
 * @param scenario the scenario
 * @param gzip the compression to send and accept, where the transport has one
 */
export function transportOptions(scenario, gzip) {
  if (scenario === "get") return { useHttpGet: true };
  if (scenario === "gzip") return { sendCompression: gzip, acceptCompression: [gzip] };
  return {};
}

/**
 * Runs a scenario and records its outcome.
 * @param client a Connect-ES client of InteropService
 * @param service the service's descriptor
 * @param registry the registry of its types
 * @param scenario the scenario's name
 * @param outcome what to fill in: messages, headers, trailers, error, followUp
 */
export async function runConnectScenario({ client, service, registry, scenario, outcome }) {
  const method = (name) => service.methods.find((m) => m.localName === name);

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
        value: base64(detail.value),
      })),
    };
  }

  try {
    await run(outcome);
  } catch (err) {
    recordError(outcome, err);
  }
}

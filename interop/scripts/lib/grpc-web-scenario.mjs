// One interop scenario with grpc-web, the gRPC project's gRPC-Web runtime for browsers, in a
// browser or in Node with an XMLHttpRequest stand-in.
import { fromBinary, fromJson, toBinary, toJson } from "@bufbuild/protobuf";
import { Code } from "@connectrpc/connect";
import { MethodDescriptor } from "grpc-web";
import {
  ECHO_BIN, ECHO_HEADER, REQUESTS, SERVICE_NAME, base64, connectCodeName, statusDetails,
} from "./scenarios.mjs";

const CALL_TIMEOUT_MS = 10_000;

/**
 * Runs a scenario and records its outcome.
 * @param client a GrpcWebClientBase, in text or binary mode
 * @param baseUrl the server's base URL
 * @param service InteropService's descriptor
 * @param registry the registry of its types
 * @param scenario the scenario's name: unary, metadata, error, deadline, server-stream or cancel
 * @param outcome what to fill in: messages, headers, trailers, error, followUp
 */
export async function runGrpcWebScenario({ client, baseUrl, service, registry, scenario, outcome }) {
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
      "x-echo-bin": base64(ECHO_BIN).replace(/=+$/, ""),
      deadline: String(Date.now() + timeoutMillis),
    };
  }

  function recordError(into, err) {
    const detailsBin = err.metadata?.["grpc-status-details-bin"];
    into.error = {
      code: connectCodeName(Code[err.code]),
      message: err.message,
      details: detailsBin ? statusDetails(Uint8Array.from(atob(detailsBin), (c) => c.charCodeAt(0))) : [],
    };
  }

  /** Follows a call's headers and trailers (grpc-web calls them metadata and status metadata). */
  function observe(call, into) {
    call.on("metadata", (headers) => { into.headers = headers; });
    call.on("status", (status) => { into.trailers = status.metadata ?? {}; });
  }

  function unary(name, json, into, timeoutMillis) {
    return new Promise((resolve) => {
      const call = client.rpcCall(url(name), request(name, json), callMetadata(timeoutMillis), descriptor(name, "unary"),
        (err, response) => {
          if (err) recordError(into, err);
          else into.messages.push(print(name, response));
          resolve();
        });
      observe(call, into);
    });
  }

  /**
   * Reads a Count stream; with cancelAfter, cancels it after that many messages. grpc-web
   * reports nothing more about a call it cancelled, so the outcome records the cancellation.
   */
  function serverStream(json, into, cancelAfter) {
    return new Promise((resolve) => {
      const stream = client.serverStreaming(url("count"), request("count", json), callMetadata(),
        descriptor("count", "server_streaming"));
      observe(stream, into);
      stream.on("data", (response) => {
        into.messages.push(print("count", response));
        if (into.messages.length === cancelAfter) {
          stream.cancel();
          into.error = { code: "canceled", message: "cancelled by the client", details: [] };
          resolve();
        }
      });
      stream.on("error", (err) => {
        recordError(into, err);
        resolve();
      });
      stream.on("end", resolve);
    });
  }

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
    case "cancel": {
      await serverStream(REQUESTS.cancel, outcome, REQUESTS.cancelAfter);
      const followUp = { messages: [] };
      await unary("echo", { text: "after cancel" }, followUp);
      outcome.followUp = followUp.messages[0] ?? followUp.error;
      return undefined;
    }
    default:
      throw new Error(`grpc-web cannot run the ${scenario} scenario`);
  }
}

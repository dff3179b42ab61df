// The interop scenarios as every client runs them, in Node and in browsers alike: the
// service's name, the requests each scenario sends, and helpers for the outcome that each
// client prints or posts (see interop-service.mjs for its shape).
import { BinaryReader } from "@bufbuild/protobuf/wire";

export const SERVICE_NAME = "rpcstarter.interop.v1.InteropService";

export const SCENARIOS = [
  "unary", "server-stream", "client-stream", "bidi", "error", "metadata", "deadline", "get", "gzip", "cancel",
  "bidi-half-duplex", "tiny-client-stream",
];

/** The requests each scenario sends, as proto3 JSON. */
export const REQUESTS = {
  unary: { text: "hello" },
  serverStream: { count: 3 },
  // Client and bidi streams send messages of 64 characters: Tomcat's HTTP/2 closes connections
  // that carry many tiny DATA frames (see tinyClientStream, a known server bug).
  clientStream: ["a", "b", "c"].map((letter) => ({ text: letter.repeat(64) })),
  bidi: ["ping", "pong", "done"].map((word) => word.repeat(16)),
  tinyClientStream: [{ text: "a" }, { text: "b" }, { text: "c" }],
  error: { code: "FAILED_PRECONDITION", message: "interop failure", reason: "INTEROP_REASON" },
  // Longer than the 1 KiB under which clients and server skip compression.
  gzip: { text: "compress me ".repeat(400) },
  // The client gives up after 1 s, long before the server would answer.
  deadline: { millis: 5000 },
  deadlineTimeoutMillis: 1000,
  // The client cancels after two of fifty messages.
  cancel: { count: 50, intervalMillis: 100 },
  cancelAfter: 2,
};

/** The request metadata of the metadata scenario: an ASCII and a binary value. */
export const ECHO_HEADER = "echo-value";
export const ECHO_BIN = Uint8Array.of(0, 1, 2, 254, 255);

/** A code name as the Connect protocol spells it: NOT_FOUND (grpc-js) or NotFound (connect-node) -> not_found. */
export function connectCodeName(name) {
  return name.replace(/([a-z])([A-Z])/g, "$1_$2").toLowerCase();
}

/** Counts arrivals and lets a sender wait for the n-th one: bidi ping-pong without lost wake-ups. */
export function arrivals() {
  let count = 0;
  const waiting = [];
  return {
    arrived() {
      count++;
      waiting.splice(0).forEach((wake) => wake());
    },
    async atLeast(n) {
      while (count < n) {
        await new Promise((wake) => waiting.push(wake));
      }
    },
  };
}

/** The details of a google.rpc.Status (grpc-status-details-bin) as Connect lists them. */
export function statusDetails(bytes) {
  const details = [];
  const status = new BinaryReader(bytes);
  while (status.pos < status.len) {
    const [field, wireType] = status.tag();
    if (field !== 3) {
      status.skip(wireType);
      continue;
    }
    const any = new BinaryReader(status.bytes());
    const detail = {};
    while (any.pos < any.len) {
      const [anyField, anyWireType] = any.tag();
      if (anyField === 1) detail.type = any.string().replace(/^.*\//, "");
      else if (anyField === 2) detail.value = base64(any.bytes());
      else any.skip(anyWireType);
    }
    details.push(detail);
  }
  return details;
}

/** Standard base64 with padding, as Connect lists detail values. */
export function base64(bytes) {
  let binary = "";
  bytes.forEach((b) => { binary += String.fromCharCode(b); });
  return btoa(binary);
}

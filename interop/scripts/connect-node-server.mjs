// InteropService served by connect-node, so that the starter's own client transports can call
// a server nobody here wrote. connectNodeAdapter serves Connect, gRPC and gRPC-Web at once.
//
//   node connect-node-server.mjs <1.1|2>
//
// 1.1 serves HTTP/1.1 (http.createServer), 2 serves HTTP/2 without TLS (http2.createServer:
// prior knowledge only, no HTTP/1.1 and no Upgrade). Listens on a random port of 127.0.0.1 and
// prints one JSON object per line on stdout:
//   { "port": 40123 }                                   once, when it listens
//   { "request": { "method", "path", "query", "httpVersion", "contentType", "encoding" } }   per request
//   { "response": { "path", "status", "encoding" } }     per response, when its headers are written
//   { "cancelled": "Sleep" }                             when a call stops because its signal aborted
// It runs until it is killed.
import http from "node:http";
import http2 from "node:http2";
import { setTimeout as delay } from "node:timers/promises";
import { Code, ConnectError } from "@connectrpc/connect";
import { compressionGzip, connectNodeAdapter } from "@connectrpc/connect-node";
import { BinaryWriter, WireType } from "@bufbuild/protobuf/wire";
import { service } from "./lib/interop-service.mjs";

const httpVersion = process.argv[2];
if (!["1.1", "2"].includes(httpVersion)) {
  console.error("usage: node connect-node-server.mjs <1.1|2>");
  process.exit(2);
}

/** The domain of every ErrorInfo detail this server sends. */
const ERROR_DOMAIN = "connect-node.interop.rpcstarter.dev";

const report = (event) => console.log(JSON.stringify(event));

/** Waits, or ends early when the call's signal aborts; returns whether it aborted. */
async function waitOrAbort(millis, signal, method) {
  try {
    await delay(millis, undefined, { signal });
    return false;
  } catch (err) {
    if (!signal.aborted) {
      throw err;
    }
    report({ cancelled: method });
    return true;
  }
}

/**
 * Why a call's signal aborted: its deadline, which connect-node reports as deadline_exceeded,
 * or the client going away. It passes about when the client's own does and, on a busy
 * machine, may come first: answering "canceled" then made the client see CANCELLED.
 */
function abortError(signal) {
  return signal.reason instanceof ConnectError ? signal.reason : new ConnectError("cancelled", Code.Canceled);
}

/** FAILED_PRECONDITION -> Code.FailedPrecondition */
function codeOf(name) {
  const camel = name.toLowerCase().replace(/(^|_)([a-z])/g, (_, __, letter) => letter.toUpperCase());
  const code = Code[camel];
  if (code === undefined) {
    throw new ConnectError(`no such code: ${name}`, Code.InvalidArgument);
  }
  return code;
}

/** google.rpc.ErrorInfo { reason = 1; domain = 2; } in binary, without its generated code. */
function errorInfo(reason, domain) {
  return new BinaryWriter()
    .tag(1, WireType.LengthDelimited).string(reason)
    .tag(2, WireType.LengthDelimited).string(domain)
    .finish();
}

const implementation = {
  echo: (request) => ({ text: request.text }),
  lookup: (request) => ({ text: request.text }),
  fail(request) {
    const error = new ConnectError(request.message, codeOf(request.code));
    error.details.push({ type: "google.rpc.ErrorInfo", value: errorInfo(request.reason, ERROR_DOMAIN) });
    throw error;
  },
  async sleep(request, context) {
    if (await waitOrAbort(request.millis, context.signal, "Sleep")) {
      throw abortError(context.signal);
    }
    return { text: `slept ${request.millis}ms` };
  },
  async* count(request, context) {
    if (request.count < 0) {
      // A stream that fails before its first message, as on a server shutting down: clients
      // may retry it.
      throw new ConnectError("no stream for a negative count", Code.Unavailable);
    }
    for (let number = 1; number <= request.count; number++) {
      yield { number };
      if (number < request.count && await waitOrAbort(request.intervalMillis, context.signal, "Count")) {
        return;
      }
    }
  },
  async join(requests) {
    const texts = [];
    for await (const request of requests) {
      texts.push(request.text);
    }
    return { text: texts.join(",") };
  },
  async* chat(requests) {
    for await (const request of requests) {
      yield { text: request.text };
    }
  },
};

/** Sends request metadata back, as the Java service's EchoMetadataInterceptor does. */
const echoMetadata = (next) => async (request) => {
  const response = await next(request);
  const echo = request.header.get("x-echo");
  const echoBin = request.header.get("x-echo-bin");
  if (echo !== null) {
    response.header.set("x-echo", echo);
    response.trailer.set("x-echo-trailer", echo);
  }
  if (echoBin !== null) {
    response.header.set("x-echo-bin", echoBin);
  }
  return response;
};

const adapter = connectNodeAdapter({
  routes: (router) => router.service(service, implementation),
  interceptors: [echoMetadata],
  acceptCompression: [compressionGzip],
});

/** The encoding of a request's or response's messages, whichever protocol's header names it. */
const encodingOf = (headers) => headers["content-encoding"] ?? headers["connect-content-encoding"]
  ?? headers["grpc-encoding"] ?? null;

function handle(request, response) {
  const url = new URL(request.url, "http://localhost");
  const path = url.pathname;
  report({
    request: { method: request.method, path, query: url.search.slice(1) || null, httpVersion: request.httpVersion,
      contentType: request.headers["content-type"] ?? null, encoding: encodingOf(request.headers) },
  });
  // connect-node hands its headers to writeHead, so getHeaders() would not show them.
  const writeHead = response.writeHead.bind(response);
  response.writeHead = (status, headers) => {
    report({ response: { path, status, encoding: encodingOf(headers ?? {}) } });
    return writeHead(status, headers);
  };
  adapter(request, response);
}

const server = httpVersion === "2" ? http2.createServer(handle) : http.createServer(handle);
server.listen(0, "127.0.0.1", () => report({ port: server.address().port }));

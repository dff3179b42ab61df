// Calls one method of a sample service with connect-node, reading the services from the
// descriptor set that the sample-api build writes (no JS code generation).
//
//   node connect-call.mjs <connect-json|connect-binary|grpc> <base-url> <package.Service/Method> [request-json]
//
// Prints the response as proto3 JSON (a JSON array for a server stream) and exits 0, or prints
// the error as {"code":"not_found","message":"..."} (Connect's code names) and exits 1.
import { readFileSync } from "node:fs";
import { createFileRegistry, fromBinary, fromJson, toJson } from "@bufbuild/protobuf";
import { FileDescriptorSetSchema } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { createConnectTransport, createGrpcTransport } from "@connectrpc/connect-node";

const DESCRIPTOR_SET = new URL(
  "../../sample-api/target/classes/META-INF/rpc/sample-api.binpb",
  import.meta.url,
);

const [protocol, baseUrl, target, requestJson = "{}"] = process.argv.slice(2);
if (!protocol || !baseUrl || !target?.includes("/")) {
  console.error("usage: node connect-call.mjs <connect-json|connect-binary|grpc> <base-url> <package.Service/Method> [request-json]");
  process.exit(2);
}

const registry = createFileRegistry(fromBinary(FileDescriptorSetSchema, readFileSync(DESCRIPTOR_SET)));
const [serviceName, methodName] = target.split("/");
const service = registry.getService(serviceName);
const method = service?.methods.find((m) => m.name === methodName);
if (!method) {
  console.error(`${target} is not in ${DESCRIPTOR_SET.pathname}`);
  process.exit(2);
}

const transport = protocol === "grpc"
  ? createGrpcTransport({ baseUrl })
  : createConnectTransport({ baseUrl, httpVersion: "1.1", useBinaryFormat: protocol === "connect-binary" });
const client = createClient(service, transport);
const request = fromJson(method.input, JSON.parse(requestJson), { registry });
const print = (message) => toJson(method.output, message, { registry });

try {
  if (method.methodKind === "server_streaming") {
    const responses = [];
    for await (const response of client[method.localName](request)) {
      responses.push(print(response));
    }
    console.log(JSON.stringify(responses));
  } else {
    console.log(JSON.stringify(print(await client[method.localName](request))));
  }
} catch (err) {
  const error = ConnectError.from(err);
  // Code names as on the wire: NotFound -> not_found.
  const code = Code[error.code].replace(/([a-z])([A-Z])/g, "$1_$2").toLowerCase();
  console.log(JSON.stringify({ code, message: error.rawMessage }));
  process.exit(1);
}

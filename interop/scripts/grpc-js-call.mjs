// Calls one method of a sample service over gRPC with @grpc/grpc-js. The services and the
// proto3 JSON mapping come from the descriptor set that the sample-api build writes, read with
// @bufbuild/protobuf (no JS code generation); grpc-js carries the binary messages.
//
//   node grpc-js-call.mjs <host:port> <package.Service/Method> [request-json]
//
// Prints the response as proto3 JSON (a JSON array for a server stream) and exits 0, or prints
// the error as {"code":"NOT_FOUND","message":"..."} (gRPC's code names) and exits 1.
import { readFileSync } from "node:fs";
import grpc from "@grpc/grpc-js";
import { createFileRegistry, fromBinary, fromJson, toBinary, toJson } from "@bufbuild/protobuf";
import { FileDescriptorSetSchema } from "@bufbuild/protobuf/wkt";

const DESCRIPTOR_SET = new URL(
  "../../sample-api/target/classes/META-INF/rpc/sample-api.binpb",
  import.meta.url,
);

const [address, target, requestJson = "{}"] = process.argv.slice(2);
if (!address || !target?.includes("/")) {
  console.error("usage: node grpc-js-call.mjs <host:port> <package.Service/Method> [request-json]");
  process.exit(2);
}

const registry = createFileRegistry(fromBinary(FileDescriptorSetSchema, readFileSync(DESCRIPTOR_SET)));
const [serviceName, methodName] = target.split("/");
const method = registry.getService(serviceName)?.methods.find((m) => m.name === methodName);
if (!method) {
  console.error(`${target} is not in ${DESCRIPTOR_SET.pathname}`);
  process.exit(2);
}

const responseStream = method.methodKind === "server_streaming";
const Client = grpc.makeGenericClientConstructor({
  [methodName]: {
    path: `/${serviceName}/${methodName}`,
    requestStream: false,
    responseStream,
    requestSerialize: (message) => Buffer.from(toBinary(method.input, message)),
    responseDeserialize: (bytes) => fromBinary(method.output, bytes),
  },
}, serviceName);
const client = new Client(address, grpc.credentials.createInsecure());
const deadline = Date.now() + 10_000;
const request = fromJson(method.input, JSON.parse(requestJson), { registry });
const print = (message) => toJson(method.output, message, { registry, alwaysEmitImplicit: true });

function fail(err) {
  console.log(JSON.stringify({ code: grpc.status[err.code], message: err.details }));
  process.exit(1);
}

if (responseStream) {
  const responses = [];
  client[methodName](request, { deadline })
    .on("data", (response) => responses.push(print(response)))
    .on("error", fail)
    .on("end", () => {
      console.log(JSON.stringify(responses));
      client.close();
    });
} else {
  client[methodName](request, { deadline }, (err, response) => {
    if (err) {
      fail(err);
    }
    console.log(JSON.stringify(print(response)));
    client.close();
  });
}

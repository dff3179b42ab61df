// Calls one method of a sample service over gRPC with @grpc/grpc-js, loading the services with
// @grpc/proto-loader from the descriptor set that the sample-api build writes (it holds the
// imported google/api and google/protobuf files too).
//
//   node grpc-js-call.mjs <host:port> <package.Service/Method> [request-json]
//
// Prints the response (a JSON array for a server stream) and exits 0, or prints the error as
// {"code":"NOT_FOUND","message":"..."} (gRPC's code names) and exits 1.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import grpc from "@grpc/grpc-js";
import protoLoader from "@grpc/proto-loader";

const DESCRIPTOR_SET = fileURLToPath(
  new URL("../../sample-api/target/generated-resources/protobuf/descriptor-sets/sample-api.binpb", import.meta.url),
);

const [address, target, requestJson = "{}"] = process.argv.slice(2);
if (!address || !target?.includes("/")) {
  console.error("usage: node grpc-js-call.mjs <host:port> <package.Service/Method> [request-json]");
  process.exit(2);
}

const definitions = protoLoader.loadFileDescriptorSetFromBuffer(readFileSync(DESCRIPTOR_SET), {
  defaults: true,
  longs: String,
});
const [serviceName, methodName] = target.split("/");
const method = definitions[serviceName]?.[methodName];
if (!method) {
  console.error(`${target} is not in ${DESCRIPTOR_SET}`);
  process.exit(2);
}

const Client = grpc.makeGenericClientConstructor({ [methodName]: method }, serviceName);
const client = new Client(address, grpc.credentials.createInsecure());
const deadline = Date.now() + 10_000;
const request = JSON.parse(requestJson);

function fail(err) {
  console.log(JSON.stringify({ code: grpc.status[err.code], message: err.details }));
  process.exit(1);
}

if (method.responseStream) {
  const responses = [];
  client[methodName](request, { deadline })
    .on("data", (response) => responses.push(response))
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
    console.log(JSON.stringify(response));
    client.close();
  });
}

// The browser side of the Chromium interop clients: runs one interop scenario in the page with
// connect-web or grpc-web, then posts the outcome (see lib/interop-service.mjs) to the server
// the page came from. BrowserPage bundles this file with esbuild and serves it.
//
//   page.html?library=<connect-web|grpc-web>&protocol=<connect|grpc-web|grpc-web-text>
//            &codec=<json|proto>&server=<base-url>&scenario=<name>
import { createFileRegistry, fromBinary } from "@bufbuild/protobuf";
import { FileDescriptorSetSchema } from "@bufbuild/protobuf/wkt";
import { createClient } from "@connectrpc/connect";
import { createConnectTransport, createGrpcWebTransport } from "@connectrpc/connect-web";
import { GrpcWebClientBase } from "grpc-web";
import { runConnectScenario, transportOptions } from "../lib/connect-scenario.mjs";
import { runGrpcWebScenario } from "../lib/grpc-web-scenario.mjs";
import { SERVICE_NAME } from "../lib/scenarios.mjs";

const parameters = new URLSearchParams(location.search);
const [library, protocol, codec, baseUrl, scenario] = ["library", "protocol", "codec", "server", "scenario"]
  .map((name) => parameters.get(name));

async function run(outcome) {
  const descriptorSet = new Uint8Array(await (await fetch("interop.binpb")).arrayBuffer());
  const registry = createFileRegistry(fromBinary(FileDescriptorSetSchema, descriptorSet));
  const service = registry.getService(SERVICE_NAME);
  if (library === "connect-web") {
    // Browsers compress nothing themselves, so no gzip option is passed.
    const options = { baseUrl, useBinaryFormat: codec === "proto", ...transportOptions(scenario, undefined) };
    const transport = (protocol === "connect") ? createConnectTransport(options) : createGrpcWebTransport(options);
    await runConnectScenario({ client: createClient(service, transport), service, registry, scenario, outcome });
  } else {
    const client = new GrpcWebClientBase({ format: (protocol === "grpc-web-text") ? "text" : "binary" });
    await runGrpcWebScenario({ client, baseUrl, service, registry, scenario, outcome });
  }
}

const outcome = { messages: [], headers: {}, trailers: {} };
const started = performance.now();
try {
  await run(outcome);
} catch (err) {
  outcome.pageError = String(err?.stack ?? err);
}
outcome.elapsedMillis = Math.round(performance.now() - started);
await fetch("results", { method: "POST", body: JSON.stringify(outcome) });

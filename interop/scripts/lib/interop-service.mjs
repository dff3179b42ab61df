// What every interop client script run by Node shares: the InteropService read from the
// descriptor set that the interop module's build writes, and one output shape (the scenarios
// themselves are in scenarios.mjs, which browsers load too).
//
// Each script prints one JSON object and exits 0, also when the call failed as the scenario
// expects:
//   { "messages": [...proto3 JSON...], "headers": {...}, "trailers": {...},
//     "error": { "code": "not_found", "message": "...", "details": [{ "type": "...", "value": "<base64>" }] },
//     "followUp": {...}, "elapsedMillis": 12 }
// A usage error exits 2.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createFileRegistry, fromBinary } from "@bufbuild/protobuf";
import { FileDescriptorSetSchema } from "@bufbuild/protobuf/wkt";
import { SCENARIOS, SERVICE_NAME } from "./scenarios.mjs";

export * from "./scenarios.mjs";

export const DESCRIPTOR_SET = fileURLToPath(
  new URL("../../target/test-classes/META-INF/rpc/interop.binpb", import.meta.url),
);

export const registry = createFileRegistry(fromBinary(FileDescriptorSetSchema, readFileSync(DESCRIPTOR_SET)));

export const service = registry.getService(SERVICE_NAME);

/** Parses a scenario argument, or exits with a usage message. */
export function scenarioArgument(value, usage) {
  if (!SCENARIOS.includes(value)) {
    console.error(`usage: ${usage}\n  scenarios: ${SCENARIOS.join(" ")}`);
    process.exit(2);
  }
  return value;
}

/** Prints a scenario's outcome as the one JSON object all scripts print. */
export function printOutcome(outcome) {
  console.log(JSON.stringify(outcome));
}

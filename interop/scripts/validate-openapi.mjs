// Validates the OpenAPI document a server serves, with a validator nobody here wrote:
// node validate-openapi.mjs <url>. Prints {"valid": true, "paths": [...]} or the errors.
import SwaggerParser from "@apidevtools/swagger-parser";

const url = process.argv[2];
const response = await fetch(url);
if (!response.ok) {
  console.log(JSON.stringify({ valid: false, errors: [`GET ${url} answered ${response.status}`] }));
  process.exit(1);
}
try {
  const api = await SwaggerParser.validate(await response.json());
  console.log(JSON.stringify({ valid: true, openapi: api.openapi, paths: Object.keys(api.paths) }));
} catch (error) {
  console.log(JSON.stringify({ valid: false, errors: [String(error.message)] }));
  process.exit(1);
}

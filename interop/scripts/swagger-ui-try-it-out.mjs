// Uses Swagger UI's "Try it out" in headless Chromium, as a person would: opens an operation,
// fills its parameters or body, presses Execute, and reports the request Swagger UI made and
// the response it got, as the browser's network saw them.
//
//   node swagger-ui-try-it-out.mjs <base url of the sample user app>
//
// Creates a user, reads it back by its id, and reads an id that does not exist. Prints
// { "created": exchange, "found": exchange, "missing": exchange }, an exchange being
// { "method", "url", "status", "body", "shown" }, "shown" the status Swagger UI displayed.
import { chromium } from "playwright-core";

const base = process.argv[2];
if (!base) {
  console.error("usage: node swagger-ui-try-it-out.mjs <base url>");
  process.exit(2);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
});
try {
  const page = await browser.newPage();
  await page.goto(`${base}/swagger-ui/index.html`);

  const created = await tryItOut(page, "post", "/v1/users", {
    body: JSON.stringify({ name: "Ada Lovelace", email: "ada@example.com" }),
  });
  const userId = JSON.parse(created.body).userId;
  const found = await tryItOut(page, "get", "/v1/users/{user_id}", { parameters: { user_id: userId } });
  const missing = await tryItOut(page, "get", "/v1/users/{user_id}", { parameters: { user_id: "no such user" } });
  console.log(JSON.stringify({ created, found, missing }));
} finally {
  await browser.close();
}

function operation(page, method, path) {
  return page.locator(`.opblock-${method}`).filter({ has: page.locator(`.opblock-summary-path[data-path="${path}"]`) });
}

/** Opens an operation, fills it in, executes it and returns the exchange the browser made. */
async function tryItOut(page, method, path, { parameters = {}, body }) {
  const block = operation(page, method, path);
  if (await block.locator(".opblock-body").count() === 0) {
    await block.locator(".opblock-summary").first().click();
  }
  const tryOut = block.locator("button.try-out__btn");
  if ((await tryOut.textContent()).trim() === "Try it out") {
    await tryOut.click();
  }
  for (const [name, value] of Object.entries(parameters)) {
    await block.locator(`tr[data-param-name="${name}"] input`).fill(value);
  }
  if (body !== undefined) {
    await block.locator("textarea.body-param__text").fill(body);
  }
  const exchange = page.waitForResponse((response) => new URL(response.url()).pathname.startsWith("/v1/users"));
  await block.locator("button.execute").click();
  const response = await exchange;
  // Waits for Swagger UI to show the answer it got: a timeout fails the script.
  const shown = block.locator(".live-responses-table tr.response .response-col_status")
    .filter({ hasText: String(response.status()) });
  await shown.waitFor({ timeout: 10_000 });
  return {
    method: response.request().method(),
    url: response.url(),
    status: response.status(),
    body: await response.text(),
    shown: (await shown.textContent()).trim(),
  };
}

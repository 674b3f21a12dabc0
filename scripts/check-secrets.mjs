#!/usr/bin/env node
// Checks that no generated password appears in a run's logs and reports.
//
// Usage: check-secrets.mjs [--skip-missing] WITNESS PATH...
//   WITNESS  the file bitscts --secret-witness wrote: one lowercase hex SHA-256 per generated
//            password (the passwords themselves are never written anywhere)
//   PATH     files, or folders searched recursively; a missing one is bad input, unless
//            --skip-missing is given (e.g. the report folder of a whole run that did not run)
//
// Every password is 24 characters drawn from letters, digits and "!#%*+-.:=?@^_~", so every
// 24-character window of such characters in every file is hashed and compared with the witness.
// Exit 0: none found; 1: a password was found, or the witness is missing or names none (the check
// would prove nothing); 2: bad input. Positions are printed, passwords never.
import { createHash } from "node:crypto";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const kPasswordLength = 24;
const kPasswordCharacters = new Set(
  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#%*+-.:=?@^_~".split("").map((c) => c.charCodeAt(0)));

function fail(message) {
  console.error(`check-secrets: ${message}`);
  process.exit(2);
}

let skipMissing = false;

function filesUnder(path) {
  let status;
  try {
    status = statSync(path);
  } catch (error) {
    if (error.code === "ENOENT" && skipMissing) {
      console.log(`check-secrets: ${path} does not exist; nothing to search there`);
      return [];
    }
    fail(`${path}: ${error.code === "ENOENT" ? "no such file or folder" : error.message}`);
  }
  if (!status.isDirectory()) return [path];
  return readdirSync(path).sort().flatMap((name) => filesUnder(join(path, name)));
}

// Returns the byte offsets at which a witnessed password starts in `bytes`.
function findSecrets(bytes, witnessed) {
  const found = [];
  let runStart = 0;
  for (let i = 0; i <= bytes.length; ++i) {
    if (i < bytes.length && kPasswordCharacters.has(bytes[i])) continue;
    for (let start = runStart; start + kPasswordLength <= i; ++start) {
      const digest = createHash("sha256").update(bytes.subarray(start, start + kPasswordLength)).digest("hex");
      if (witnessed.has(digest)) found.push(start);
    }
    runStart = i + 1;
  }
  return found;
}

const args = process.argv.slice(2);
if (args[0] === "--skip-missing") {
  skipMissing = true;
  args.shift();
}
const [witnessPath, ...paths] = args;
if (!witnessPath || paths.length === 0) fail("usage: check-secrets.mjs [--skip-missing] WITNESS PATH...");
let witnessText;
try {
  witnessText = readFileSync(witnessPath, "utf8");
} catch (error) {
  if (error.code !== "ENOENT") fail(`${witnessPath}: ${error.message}`);
  console.error(`check-secrets: ${witnessPath} does not exist: no run generated a password (or none ran), ` +
                "so this check proves nothing");
  process.exit(1);
}
const witnessed = new Set();
for (const [index, line] of witnessText.split("\n").entries()) {
  if (line === "") continue;
  if (!/^[0-9a-f]{64}$/.test(line)) fail(`${witnessPath}:${index + 1}: not a lowercase hex SHA-256`);
  witnessed.add(line);
}
if (witnessed.size === 0) {
  console.error(`check-secrets: ${witnessPath} names no password: the run generated none, so this check proves nothing`);
  process.exit(1);
}

let leaks = 0;
let scanned = 0;
for (const file of paths.flatMap(filesUnder)) {
  if (file === witnessPath) continue;
  const offsets = findSecrets(readFileSync(file), witnessed);
  ++scanned;
  for (const offset of offsets) console.error(`check-secrets: ${file}: a generated password starts at byte ${offset}`);
  leaks += offsets.length;
}
if (leaks > 0) process.exit(1);
console.log(`check-secrets: none of ${witnessed.size} generated password(s) appears in ${scanned} file(s)`);

"""Reads bitscts reports with junitparser (the parser of the publish-unit-test-result action) and
checks what it shows of each verdict: see junit_consumers_test.

Usage: /usr/bin/python3 junit_consumers_check.py REPORT_DIR SOURCE_ROOT VERDICT=Family.Name...
"""
import glob
import os
import re
import sys

from junitparser import Error, Failure, JUnitXml, Skipped

ELEMENT = {"fail": Failure, "xpass": Failure, "timeout": Error, "error": Error,
           "unsupported": Skipped, "xfail": Skipped}
MESSAGE = {
    "fail": r"scenarios/[\w/]+\.(cpp|h):\d+: .+: expected .+, was .+",
    "xfail": r"xfail: .+; expected fail \(a BITS that does nothing accepts any display name; https://\S+\)",
    "xpass": r"passed, but expected fail \(this entry expects a pass to fail, .+\)",
    "timeout": r"waited \d+ ms for .+",
    "error": r"the run ended during this scenario: .+",
    "unsupported": r"unsupported: .+",
}


def problems_of(verdict, results, source_root):
    """Returns what is wrong with what junitparser shows of a case of `verdict`."""
    if verdict == "pass":
        return [] if not results else ["a pass shows %d result elements" % len(results)]
    if len(results) != 1 or not isinstance(results[0], ELEMENT[verdict]):
        return ["shows %r, not one <%s>" % (results, ELEMENT[verdict]._tag)]
    message, text = results[0].message or "", results[0].text or ""
    found = []
    if not re.fullmatch(MESSAGE[verdict], message):
        found.append("message %r does not say what happened (%s)" % (message, MESSAGE[verdict]))
    if source_root in message or "Expected equality of these values" in message:
        found.append("message %r names the build machine's path or gtest's bare line" % message)
    first_line = text.split("\n", 1)[0]
    reason = message if verdict in ("unsupported", "xfail") else verdict + ": " + message
    if first_line != reason:
        found.append("text starts %r, not with the reason %r" % (first_line, reason))
    if not re.search(r"\nclause: [A-Z][A-Z0-9-]+: \S", text):
        found.append("text has no clause with its statement")
    evidence = re.search(r"\nevidence:\n(.+)", text)
    if not evidence or not evidence.group(1).strip():
        found.append("text has no evidence")
    if verdict == "fail" and "\nchecks:\n" not in text:
        found.append("text has no failed checks")
    return found


def main():
    report_dir, source_root, pairs = sys.argv[1], sys.argv[2], sys.argv[3:]
    expected = dict(pair.split("=", 1) for pair in pairs)
    seen = {}
    problems = []
    for path in sorted(glob.glob(os.path.join(report_dir, "*.xml"))):
        xml = JUnitXml.fromfile(path)
        counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
        for suite in xml:
            if not (suite.timestamp or "").endswith("Z"):
                problems.append("%s: suite %s timestamp %r is not UTC with its Z"
                                % (path, suite.name, suite.timestamp))
            for case in suite:
                family = case.classname.split(".", 1)[1]
                seen["%s.%s" % (family, case.name)] = list(case.result)
                counts["tests"] += 1
                for result in case.result:
                    key = {Failure: "failures", Error: "errors", Skipped: "skipped"}[type(result)]
                    counts[key] += 1
        for key, count in counts.items():
            written = xml._elem.get(key)
            if written != str(count):
                problems.append("%s: <testsuites %s=%r>, junitparser counts %d"
                                % (path, key, written, count))
    for verdict, scenario in expected.items():
        if scenario not in seen:
            problems.append("%s (%s) is in no report" % (scenario, verdict))
            continue
        results = seen[scenario]
        for problem in problems_of(verdict, results, source_root):
            problems.append("%s (%s): %s" % (scenario, verdict, problem))
        if results:
            print("junitparser: %s: message=%r" % (verdict, results[0].message))
    for problem in problems:
        print("junitparser: " + problem, file=sys.stderr)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()

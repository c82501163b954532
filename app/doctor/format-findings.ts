import type { Finding } from "./finding.js";

const MARK: Record<Finding["status"], string> = { pass: "✓", fail: "✗", unknown: "?" };

/** A bearer token (a JWT, or whatever follows "Bearer") or a storage SAS signature, should one ever reach an error message. */
const SECRET = /\bBearer\s+[^\s"',]+|\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*|\bsig=[^&\s"']+/gi;

/** Text for a log or a check run, with anything token-shaped taken out. */
export function redactSecrets(text: string): string {
  return text.replace(SECRET, "[redacted]");
}

/** One line per finding: the mark, what was checked, what is wrong and the command that fixes it. */
export function formatFindingLine(finding: Finding): string {
  const problem = finding.problem ? `: ${finding.problem}` : "";
  const fix = finding.fix ? ` Fix: ${finding.fix}` : "";
  return redactSecrets(`${MARK[finding.status]} ${finding.subject}${problem}${fix}`);
}

/** Whether doctor should exit non-zero: a check failed (not knowing is not failing). */
export function anyFailed(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.status === "fail");
}

/** The findings that explain a failed run, as markdown for its check run: only what is wrong or unknown. */
export function explainFindings(findings: readonly Finding[]): string | null {
  const notable = findings.filter((f) => f.status !== "pass");
  if (notable.length === 0) return null;
  const items = notable.map((f) => `${MARK[f.status]} ${f.subject}${f.problem ? `: ${f.problem}` : ""}${f.fix ? ` Fix: \`${f.fix}\`` : ""}`);
  return redactSecrets(`envbranch doctor found: ${items.join(" ")}`);
}

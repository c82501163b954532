import { parseArgs } from "node:util";
import { messageChain } from "../runner/message-chain.js";
import { summarizePlanFile, summarizePlanStream, type PlanSummary, type SummaryOptions } from "./summarize-plan.js";

export const SUMMARIZE_USAGE = `Usage: envbranch summarize PLAN_JSON [--budget CHARS] [--full-plan MARKDOWN] [--json]

Prints the markdown summary of a plan, as the app posts it, from the output of
\`terraform show -json PLANFILE\` (PLAN_JSON may be - for standard input).

  --budget CHARS        the most characters the summary may have (default 60000, at most 65536)
  --full-plan MARKDOWN  where the full plan is, named when resources are left out
  --json                print the title, counts and markdown as JSON instead
`;

/** Exit codes: 0 printed, 2 bad arguments, 3 the plan JSON cannot be read or is not a plan. */
const EXIT_OK = 0;
const EXIT_USAGE = 2;
const EXIT_BAD_PLAN = 3;

/** What the command touches of its process; tests pass their own. */
export interface SummarizeIo {
  stdin: AsyncIterable<Uint8Array>;
  stdout(text: string): void;
  stderr(text: string): void;
}

const processIo: SummarizeIo = {
  stdin: process.stdin,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

/** `envbranch summarize PLAN_JSON`: prints the plan summary markdown and returns the exit code. */
export async function summarizeCommand(argv: string[], io: SummarizeIo = processIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { budget: { type: "string" }, "full-plan": { type: "string" }, json: { type: "boolean" }, help: { type: "boolean", short: "h" } },
    });
  } catch (error) {
    return usage(io, (error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(SUMMARIZE_USAGE);
    return EXIT_OK;
  }
  if (positionals.length !== 1) return usage(io, positionals.length === 0 ? "give the plan JSON file to summarise" : "give exactly one plan JSON file");
  const budget = values.budget === undefined ? undefined : Number(values.budget);
  if (budget !== undefined && !(Number.isInteger(budget) && budget > 0)) return usage(io, `--budget takes a whole number of characters, not "${values.budget}"`);
  const path = positionals[0]!;
  const options: SummaryOptions = {
    ...(budget !== undefined ? { budget } : {}),
    fullPlan: values["full-plan"] ?? (path === "-" ? "the output of `terraform show -json`" : `\`${path}\``),
  };

  let summary: PlanSummary;
  try {
    summary = path === "-" ? await summarizePlanStream(io.stdin, options) : await summarizePlanFile(path, options);
  } catch (error) {
    io.stderr(`envbranch summarize: ${messageChain(error)}\n`);
    return EXIT_BAD_PLAN;
  }
  io.stdout(values.json ? `${JSON.stringify(summary, null, 2)}\n` : summary.markdown);
  return EXIT_OK;
}

function usage(io: SummarizeIo, problem: string): number {
  io.stderr(`envbranch summarize: ${problem}\n\n${SUMMARIZE_USAGE}`);
  return EXIT_USAGE;
}


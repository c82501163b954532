import { open } from "node:fs/promises";
import { PlanDigestBuilder, type PlanDigest } from "./group-changes.js";
import type { ChangeCounts } from "./plan-changes.js";
import type { PlanChangeJson, PlanJson, ResourceChangeJson } from "./plan-json.js";
import { planTitle } from "./plan-title.js";
import { clampBudget, renderEntry, renderSummary, type RenderOptions } from "./render-summary.js";
import { peekActions } from "./peek-actions.js";
import { parsePlanPart, PlanJsonScanner, type PlanJsonVisitor } from "./scan-plan-json.js";

export type SummaryOptions = RenderOptions;

/** A plan summary: the title for a check run, the counts, and markdown for a comment or summary. */
export interface PlanSummary {
  /** Terraform's plan line, e.g. "3 to add, 1 to change, 0 to destroy". */
  title: string;
  counts: ChangeCounts;
  imports: number;
  forgets: number;
  /** Resources changed outside Terraform. */
  drift: number;
  outputChanges: number;
  /** Terraform reported errors while planning, so the plan is partial. */
  errored: boolean;
  /** Whether applying the plan changes anything, in Terraform's (1.8+) own word; null when it does not say. */
  applyable: boolean | null;
  markdown: string;
  listed: number;
  leftOut: number;
}

/** Reads a plan file in chunks of this size. */
const CHUNK_BYTES = 1 << 20;

/** Summarises a plan already parsed from `terraform show -json`. */
export function summarizePlan(plan: PlanJson, options: SummaryOptions = {}): PlanSummary {
  if (plan === null || typeof plan !== "object" || Array.isArray(plan)) {
    throw new Error("a plan JSON document is one object, as `terraform show -json PLANFILE` prints it");
  }
  const builder = newBuilder(options);
  for (const [key, value] of Object.entries(plan)) builder.addMember(key, value);
  for (const rc of listOf(plan.resource_changes, "resource_changes")) builder.addResourceChange(rc);
  for (const rc of listOf(plan.resource_drift, "resource_drift")) builder.addDrift(rc);
  const outputs = plan.output_changes ?? {};
  if (typeof outputs !== "object" || Array.isArray(outputs)) throw new Error("the plan JSON's `output_changes` is neither an object nor null");
  for (const [name, change] of Object.entries(outputs)) builder.addOutput(name, change);
  return finish(builder.finish(), options);
}

function listOf<T>(value: T[] | null | undefined, member: string): T[] {
  if (value === null || value === undefined) return [];
  if (!Array.isArray(value)) throw new Error(`the plan JSON's \`${member}\` is neither a list nor null`);
  return value;
}

/** Summarises plan JSON given as bytes (e.g. unzipped from a run's artifact) without parsing all of it. */
export function summarizePlanBytes(bytes: Uint8Array, options: SummaryOptions = {}): PlanSummary {
  const scan = startScan(options);
  scan.write(bytes);
  return scan.end();
}

/** Summarises plan JSON given as text. */
export function summarizePlanText(text: string, options: SummaryOptions = {}): PlanSummary {
  return summarizePlanBytes(Buffer.from(text, "utf8"), options);
}

/** Summarises plan JSON arriving in chunks (a file or stdin); memory holds one chunk and one change at a time. */
export async function summarizePlanStream(chunks: AsyncIterable<Uint8Array>, options: SummaryOptions = {}): Promise<PlanSummary> {
  const scan = startScan(options);
  for await (const chunk of chunks) scan.write(chunk);
  return scan.end();
}

/** Summarises a plan JSON file, reading it in chunks so memory stays bounded however large it is. */
export async function summarizePlanFile(path: string, options: SummaryOptions = {}): Promise<PlanSummary> {
  try {
    return await summarizePlanStream(readChunks(path), options);
  } catch (error) {
    throw new Error(`cannot summarise the plan JSON ${path}`, { cause: error });
  }
}

/**
 * A file's bytes, one chunk at a time, all read into the same buffer: a stream would allocate a
 * new buffer per chunk, and on a large plan those pile up faster than the collector frees them.
 */
async function* readChunks(path: string): AsyncGenerator<Uint8Array> {
  const file = await open(path, "r");
  try {
    const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    for (;;) {
      const { bytesRead } = await file.read(chunk, 0, CHUNK_BYTES, null);
      if (bytesRead === 0) return;
      yield chunk.subarray(0, bytesRead);
    }
  } finally {
    await file.close();
  }
}

function newBuilder(options: SummaryOptions): PlanDigestBuilder {
  return new PlanDigestBuilder({
    keepChars: clampBudget(options.budget),
    measure: (section, entry) => renderEntry(section, entry).length,
  });
}

/** A scan of plan JSON bytes into a summary: write the chunks, then end. */
function startScan(options: SummaryOptions): { write(chunk: Uint8Array): void; end(): PlanSummary } {
  const builder = newBuilder(options);
  const scanner = new PlanJsonScanner(visitorFor(builder));
  return {
    write: (chunk) => scanner.write(chunk),
    end: () => {
      scanner.end();
      return finish(builder.finish(), options);
    },
  };
}

function visitorFor(builder: PlanDigestBuilder): PlanJsonVisitor {
  return {
    member: (key, value) => builder.addMember(key, value),
    element: (member, json, at) => {
      if (member === "resource_drift") return builder.addDrift(parsePlanPart(json, member, at) as ResourceChangeJson);
      // Past what a section can show, a change is only counted: its actions are enough.
      const actions = peekActions(json);
      if (actions && builder.countOnly(actions)) return;
      builder.addResourceChange(parsePlanPart(json, member, at) as ResourceChangeJson);
    },
    output: (name, change) => builder.addOutput(name, change as PlanChangeJson),
  };
}

function finish(digest: PlanDigest, options: SummaryOptions): PlanSummary {
  const rendered = renderSummary(digest, options);
  return {
    title: planTitle(digest.counts, digest),
    counts: digest.counts,
    imports: digest.imports,
    forgets: digest.forgets,
    drift: digest.sections.drift.total,
    outputChanges: digest.sections.outputs.total,
    errored: digest.errored,
    applyable: digest.applyable,
    markdown: rendered.markdown,
    listed: rendered.listed,
    leftOut: rendered.leftOut,
  };
}

import { parseArgs, type ParseArgsConfig } from "node:util";

type Options = NonNullable<ParseArgsConfig["options"]>;

/** `node:util` parseArgs, strict and with positionals, its refusal turned into a message for the usage line. */
export function strictParseArgs<T extends Options>(argv: readonly string[], options: T): { ok: true; parsed: ReturnType<typeof parseArgs<{ options: T; allowPositionals: true; strict: true }>> } | { ok: false; message: string } {
  try {
    return { ok: true, parsed: parseArgs({ args: [...argv], options, allowPositionals: true, strict: true }) };
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
}

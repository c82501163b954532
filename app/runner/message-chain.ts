/** An error's message followed by its causes', which is where the storage SDK puts the details. */
export function messageChain(error: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = error; e instanceof Error && parts.length < 4; e = e.cause) parts.push(e.message.split("\n")[0]!);
  return parts.join(": ") || String(error);
}

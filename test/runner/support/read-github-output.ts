/**
 * Reads a `$GITHUB_OUTPUT` file the way the Actions runner does on Linux (actions/runner,
 * src/Runner.Worker/FileCommandManager.cs): lines end at "\n"; a line whose first "=" comes before
 * any "<<" is `name=value`; one whose "<<" comes first opens a heredoc that runs until a line equal
 * to its delimiter, the newline before that line not being part of the value; empty lines are
 * skipped. Every entry is returned in order, repeats included, so a test can see an injected key.
 */
export function readGithubOutput(text: string): Array<[string, string]> {
  const entries: Array<[string, string]> = [];
  let index = 0;
  const readLine = (): string | null => {
    if (index >= text.length) return null;
    const lf = text.indexOf("\n", index);
    const end = lf < 0 ? text.length : lf;
    const line = text.slice(index, end);
    index = lf < 0 ? text.length : lf + 1;
    return line;
  };
  for (let line = readLine(); line !== null; line = readLine()) {
    if (line === "") continue;
    const equals = line.indexOf("=");
    const heredoc = line.indexOf("<<");
    if (equals >= 0 && (heredoc < 0 || equals < heredoc)) {
      entries.push([line.slice(0, equals), line.slice(equals + 1)]);
    } else if (heredoc >= 0) {
      const name = line.slice(0, heredoc);
      const delimiter = line.slice(heredoc + 2);
      if (name === "" || delimiter === "") throw new Error(`invalid heredoc line: ${line}`);
      const start = index;
      let end = index;
      for (let value = readLine(); value !== delimiter; value = readLine()) {
        if (value === null) throw new Error(`matching delimiter not found: ${delimiter}`);
        end = index - 1;
      }
      entries.push([name, end > start ? text.slice(start, end) : ""]);
    } else {
      throw new Error(`invalid line: ${line}`);
    }
  }
  return entries;
}

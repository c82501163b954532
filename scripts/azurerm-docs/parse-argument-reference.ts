/** One argument as a provider doc page lists it: `* \`name\` - (Required) description`. */
export interface DocArgument {
  name: string;
  required: boolean;
  description: string;
}

/** What one azurerm doc page says a configuration may contain. */
export interface ArgumentReference {
  /** The arguments listed before the first block section: the top level of the resource. */
  root: DocArgument[];
  /** "A `name` block supports the following:" sections, by block name (same-named sections merged). */
  sections: Map<string, DocArgument[]>;
  /** The operations of the `timeouts` block (## Timeouts). */
  timeouts: string[];
  /**
   * The Azure resource provider namespaces the resource calls: from the page's "API Providers" section,
   * or, on pages that lack one, the namespace of the ID in its `terraform import` example.
   */
  apiProviders: string[];
}

const ARGUMENTS_HEADING = /^## Arguments? Reference\s*$/;
const TIMEOUTS_HEADING = /^## Timeouts\s*$/;
const API_PROVIDERS_HEADING = /^## API Providers\s*$/;
const SECTION = /^(?:An?|The|Each) `([a-z0-9_]+)` (?:block|object)s?\b.*\b(?:supports?|contains?|accepts?|configures?)\b/i;
const ARGUMENT = /^\* `([a-z0-9_]+)`\s*[-:]?\s*(.*)$/;
const IMPORT_HEADING = /^## Import\s*$/;
const NAMESPACE = /^\* `([A-Za-z]+\.[A-Za-z.]+)`/;
const IMPORTED_NAMESPACE = /\/providers\/([A-Za-z]+\.[A-Za-z.]+)\/[^/]+\/[^/\s"]+"?\s*$/;

/** The lines of the `## <heading>` part of a page, without fenced code (examples are not reference). */
function region(lines: string[], heading: RegExp): string[] {
  const start = lines.findIndex((line) => heading.test(line));
  if (start < 0) return [];
  const end = lines.findIndex((line, i) => i > start && line.startsWith("## "));
  let fenced = false;
  return lines.slice(start + 1, end < 0 ? undefined : end).filter((line) => {
    if (line.startsWith("```")) fenced = !fenced;
    return !fenced && !line.startsWith("```");
  });
}

function argumentOf(line: string): DocArgument | undefined {
  const match = ARGUMENT.exec(line);
  if (!match) return undefined;
  const description = match[2]!.trim();
  return { name: match[1]!, required: /^\(Required\b/i.test(description), description };
}

/**
 * Reads the argument reference of an azurerm doc page (`website/docs/{r,d}/*.html.markdown`, the
 * provider's `index.html.markdown` or `guides/features-block.html.markdown`). Only top-level list items
 * count: indented items are value lists inside a description.
 */
export function parseArgumentReference(markdown: string): ArgumentReference {
  const lines = markdown.split(/\r?\n/);
  const root: DocArgument[] = [];
  const sections = new Map<string, DocArgument[]>();
  let current = root;
  for (const line of region(lines, ARGUMENTS_HEADING)) {
    const section = SECTION.exec(line);
    if (section) {
      const name = section[1]!;
      current = sections.get(name) ?? [];
      sections.set(name, current);
      continue;
    }
    const argument = argumentOf(line);
    if (argument && !current.some((a) => a.name === argument.name)) current.push(argument);
  }
  const timeouts = region(lines, TIMEOUTS_HEADING).flatMap((line) => argumentOf(line)?.name ?? []);
  const listed = region(lines, API_PROVIDERS_HEADING).flatMap((line) => NAMESPACE.exec(line)?.[1] ?? []);
  // The import example sits in fenced code, which region() leaves out.
  const importAt = lines.findIndex((line) => IMPORT_HEADING.test(line));
  const example = importAt < 0 ? undefined : lines.slice(importAt).find((line) => line.startsWith("terraform import"));
  const imported = example === undefined ? undefined : IMPORTED_NAMESPACE.exec(example)?.[1];
  const apiProviders = listed.length > 0 ? listed : imported ? [imported] : [];
  return { root, sections, timeouts, apiProviders };
}

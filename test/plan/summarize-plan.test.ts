import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { emptyChangeCounts } from "../../app/plan/plan-changes.js";
import { peekActions } from "../../app/plan/peek-actions.js";
import { planTitle } from "../../app/plan/plan-title.js";
import { summarizePlan, summarizePlanText } from "../../app/plan/summarize-plan.js";
import { buildPlan, planShape } from "./support/random-plan.js";

describe("planTitle", () => {
  it("words the counts as Terraform's plan line: a replacement is an add and a destroy, reads are not counted", () => {
    expect(planTitle({ create: 3, update: 1, replace: 2, delete: 1, read: 4 })).toBe("5 to add, 1 to change, 3 to destroy");
    expect(planTitle(emptyChangeCounts())).toBe("0 to add, 0 to change, 0 to destroy");
  });

  it("names imports first and forgets last, only when there are any, as Terraform does", () => {
    expect(planTitle(emptyChangeCounts(), { imports: 2 })).toBe("2 to import, 0 to add, 0 to change, 0 to destroy");
    expect(planTitle(emptyChangeCounts(), { forgets: 1 })).toBe("0 to add, 0 to change, 0 to destroy, 1 to forget");
    expect(planTitle({ ...emptyChangeCounts(), update: 1 }, { imports: 1, forgets: 3 })).toBe("1 to import, 0 to add, 1 to change, 0 to destroy, 3 to forget");
  });
});

describe("peekActions", () => {
  it("reads the actions of changes in Terraform's compact layout exactly as parsing them would", () => {
    fc.assert(
      fc.property(planShape, (shape) => {
        for (const rc of buildPlan({ ...shape, changes: shape.changes % 200 }).resource_changes ?? []) {
          const terraformLayout = { address: rc.address, type: rc.type, change: rc.change, action_reason: rc.action_reason };
          expect(peekActions(JSON.stringify(terraformLayout))).toEqual(rc.change.actions);
        }
      }),
      { numRuns: 30 },
    );
  });

  it.each([
    ["pretty-printed", JSON.stringify({ address: "a", change: { actions: ["create"] } }, null, 1)],
    ["change not first-level", '{"address":"a","index":{"change":{"actions":["delete"]}},"change":{"actions":["create"]}}'],
    ["actions not first in change", '{"change":{"before":{"change":{"actions":["delete"]}},"actions":["create"]}}'],
    ["an import", '{"change":{"actions":["no-op"],"importing":{"id":"x"}}}'],
    ["a match only inside a string", '{"address":"\\"change\\":{\\"actions\\":[\\"delete\\"]"}'],
  ])("leaves a change %s to a full parse", (_, json) => {
    expect(peekActions(json)).toBeNull();
  });
});

describe("summarizePlan", () => {
  it("says so when nothing changes", () => {
    expect(summarizePlan({ resource_changes: [{ address: "a.b", type: "a", change: { actions: ["no-op"] } }] }).markdown).toMatch(
      /^\*\*No changes\.\*\* Your infrastructure matches the configuration\./,
    );
  });

  it("warns that a plan Terraform reported errors for is incomplete", () => {
    expect(summarizePlanText('{"errored":true,"resource_changes":[]}').markdown).toContain("Terraform reported errors while planning");
    expect(summarizePlanText('{"errored":true,"resource_changes":[]}').errored).toBe(true);
  });

  it("counts imports and forgets into the title", () => {
    const summary = summarizePlan({
      resource_changes: [
        { address: "a.imported", type: "a", change: { actions: ["no-op"], importing: { id: "x" } } },
        { address: "a.forgotten", type: "a", change: { actions: ["forget"] } },
      ],
    });
    expect(summary.title).toBe("1 to import, 0 to add, 0 to change, 0 to destroy, 1 to forget");
    expect(summary.markdown).toContain(`**Plan: ${summary.title}.**`);
  });

  it("names the member and the byte where a resource change is malformed", () => {
    expect(() => summarizePlanText('{"resource_changes": [{"address": }]}')).toThrow(/malformed in `resource_changes` before byte 35/);
  });

  it("rejects a value that is not a plan object", () => {
    expect(() => summarizePlan([] as never)).toThrow(/one object/);
  });
});

describe("summarizePlan and sensitive values", () => {
  // Terraform marks a sensitive part of a value with `true` at the mirrored position, not only at the top.
  it("hides an output whose sensitive part is nested, before and after", () => {
    const { markdown } = summarizePlan({
      output_changes: {
        db: {
          actions: ["update"],
          before: { host: "db.internal", password: "old-hunter2", port: 5432 },
          after: { host: "db.internal", password: "new-hunter2", port: 5433 },
          before_sensitive: { password: true },
          after_sensitive: { password: true },
          after_unknown: false,
        },
      },
    });
    expect(markdown).toContain("- `db`: `(sensitive)` → `(sensitive)`");
    expect(markdown).not.toContain("hunter2");
  });

  it("hides a resource attribute whose sensitive part sits in a list inside it", () => {
    const { markdown } = summarizePlan({
      resource_changes: [
        {
          address: "azurerm_key_vault_secret.s",
          type: "azurerm_key_vault_secret",
          change: {
            actions: ["update"],
            before: { settings: [{ name: "a", pin: 1234 }], tags: {} },
            after: { settings: [{ name: "a", pin: 98765 }], tags: {} },
            before_sensitive: { settings: [{ pin: true }] },
            after_sensitive: { settings: [{ pin: true }] },
            after_unknown: {},
          },
        },
      ],
    });
    expect(markdown).toContain("`settings`: `(sensitive)` → `(sensitive)`");
    expect(markdown).not.toMatch(/1234|98765/);
  });
});

describe("summarizePlan and the values it shows", () => {
  /** The markdown of one updated resource `t.r` with these before/after values and marks. */
  function updated(change: Record<string, unknown>): string {
    return summarizePlan({ resource_changes: [{ address: "t.r", type: "t", change: { actions: ["update"], after_unknown: {}, before_sensitive: {}, after_sensitive: {}, ...change } }] }).markdown;
  }

  it("hides every attribute of a value marked sensitive as a whole", () => {
    const markdown = updated({ before: { user: "admin", pass: "p1" }, after: { user: "root", pass: "p2" }, before_sensitive: true, after_sensitive: true });
    expect(markdown).toContain("`user`: `(sensitive)` → `(sensitive)`");
    expect(markdown).not.toMatch(/admin|root|p1|p2/);
    // Booleans are no text to search for: the mark alone hides them.
    expect(updated({ before: { enabled: true }, after: { enabled: false }, before_sensitive: true, after_sensitive: true })).toContain("`enabled`: `(sensitive)` → `(sensitive)`");
  });

  it("hides a nested sensitive boolean, and shows parts whose marks hold no `true`", () => {
    const markdown = updated({
      before: { flags: { admin: false }, ports: [80], tags: { a: "1" } },
      after: { flags: { admin: true }, ports: [80, 443], tags: { a: "2" } },
      before_sensitive: { flags: { admin: true }, ports: [false], tags: {} },
      after_sensitive: { flags: { admin: true }, ports: [false, false], tags: {} },
    });
    expect(markdown).toContain("`flags`: `(sensitive)` → `(sensitive)`");
    expect(markdown).toContain("`ports`: `[80]` → `[80,443]`");
    expect(markdown).toContain('`tags`: `{"a":"1"}` → `{"a":"2"}`');
  });

  it("reads a change without sensitivity marks, or with marks for attributes the value lacks", () => {
    const bare = summarizePlan({ resource_changes: [{ address: "t.r", type: "t", change: { actions: ["update"], before: { a: 1 }, after: { a: 2 } } }] }).markdown;
    expect(bare).toContain("`a`: `1` → `2`");
    expect(updated({ before: { a: 1 }, after: { a: 2 }, after_sensitive: { gone: { secret: true } } })).toContain("`a`: `1` → `2`");
  });

  it("hides an unmarked copy of a sensitive value, as terraform_data's output echoes its input", () => {
    const secret = 'pa"ss\\word';
    const markdown = updated({
      before: { input: "old", output: "old", pin: 1 },
      after: { input: secret, output: `${secret}-copy`, pin: 424242, pin_copy: 424242, unrelated: "shown", empty: "" },
      after_sensitive: { input: true, pin: true, empty: true },
    });
    expect(markdown).toContain('`output`: `"old"` → `(sensitive)`');
    expect(markdown).toContain("`pin`: `1` → `(sensitive)`");
    expect(markdown).toContain("`pin_copy`: `null` → `(sensitive)`");
    // An empty sensitive string is no secret to look for: other values still show.
    expect(markdown).toContain('`unrelated`: `null` → `"shown"`');
    expect(markdown).not.toMatch(/pa\\?"ss|424242/);
  });

  it("shows a value with an unknown part as known after apply", () => {
    const { markdown } = summarizePlan({
      output_changes: { url: { actions: ["update"], before: { host: "a" }, after: { host: null }, before_sensitive: false, after_sensitive: false, after_unknown: { host: true } } },
    });
    expect(markdown).toContain('- `url`: `{"host":"a"}` → `(known after apply)`');
  });

  it("cuts a long value to 80 characters with an ellipsis, never inside a surrogate pair", () => {
    const long = "x".repeat(200);
    expect(updated({ before: { a: "short" }, after: { a: long } })).toContain(`\`"${"x".repeat(78)}…\``);
    // 78 characters, then an emoji (two UTF-16 units) across the cut.
    const emoji = `${"y".repeat(77)}😀${"z".repeat(20)}`;
    expect(updated({ before: { a: "short" }, after: { a: emoji } })).toContain(`\`"${"y".repeat(77)}…\``);
    // Characters at or just past the ends of the high-surrogate range: a pair starting U+D800 or U+DBFF is kept whole, others are cut as usual.
    expect(updated({ before: { a: "short" }, after: { a: `${"v".repeat(77)}\u{10000}tail${"v".repeat(20)}` } })).toContain(`\`"${"v".repeat(77)}…\``);
    expect(updated({ before: { a: "short" }, after: { a: `${"v".repeat(77)}\u{10FC00}tail${"v".repeat(20)}` } })).toContain(`\`"${"v".repeat(77)}…\``);
    expect(updated({ before: { a: "short" }, after: { a: `${"u".repeat(77)}\uFFFD${"u".repeat(20)}` } })).toContain(`\`"${"u".repeat(77)}\uFFFD…\``);
    const exact = "w".repeat(78);
    expect(updated({ before: { a: "short" }, after: { a: exact } })).toContain(`\`"${exact}"\``);
  });
});

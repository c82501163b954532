import { exampleResponse } from "./github/openapi.js";
import type { Expectation, ExpectationOptions, GitHubCall, MockGitHub } from "./github/mock-github.js";
import { OWN_APP, OWN_BOT, type Writer } from "./repo-fake.js";

/** An issue the fake holds. */
export interface FakeIssue {
  number: number;
  title: string;
  body: string;
  state: "open" | "closed";
  stateReason: string | null;
  labels: string[];
  writer: Writer;
}

const OWN: Writer = { account: OWN_BOT, app: OWN_APP };

/**
 * A repository's issues on the contract-checked GitHub mock, so each read sees the writes before it:
 * listing (by label and state, oldest first when asked), creating, editing and commenting.
 */
export class IssueFake {
  readonly issues: FakeIssue[] = [];
  readonly comments: Array<{ issue: number; body: string }> = [];
  private nextNumber = 1;

  constructor(
    private readonly gh: MockGitHub,
    readonly owner = "Codertocat",
    readonly repo = "Hello-World",
  ) {}

  private get base(): string {
    return `/repos/${this.owner}/${this.repo}`;
  }

  /** An issue already there, by this app unless `writer` says otherwise. */
  seed(issue: Partial<Omit<FakeIssue, "number">> & { body: string }): FakeIssue {
    const seeded: FakeIssue = { number: this.nextNumber++, title: "envbranch: environments", state: "open", stateReason: null, labels: ["envbranch"], writer: OWN, ...issue };
    this.issues.push(seeded);
    return seeded;
  }

  /** Listing the repository's issues. */
  expectList(options: ExpectationOptions = {}): Expectation {
    return this.gh.on(
      `GET ${this.base}/issues`,
      (call) => {
        const labels = typeof call.query.labels === "string" ? call.query.labels.split(",") : [];
        const state = call.query.state ?? "open";
        const listed = this.issues.filter((i) => labels.every((l) => i.labels.includes(l)) && (state === "all" || i.state === state));
        const ordered = call.query.direction === "asc" ? listed : [...listed].reverse();
        return { status: 200, body: ordered.slice(0, Number(call.query.per_page ?? 30)).map((i) => this.rest(i)) };
      },
      options,
    );
  }

  /** Opening an issue, as this app. */
  expectCreate(options: ExpectationOptions = {}): Expectation {
    return this.gh.on(
      `POST ${this.base}/issues`,
      (call) => {
        const body = call.body as { title: string; body: string; labels?: string[] };
        return { status: 201, body: this.rest(this.seed({ title: body.title, body: body.body, labels: body.labels ?? [] })) };
      },
      options,
    );
  }

  /** Editing an issue's body or state. */
  expectUpdate(options: ExpectationOptions = {}): Expectation {
    return this.gh.on(
      `PATCH ${this.base}/issues/{issue_number}`,
      (call: GitHubCall) => {
        const issue = this.issues.find((i) => i.number === Number(call.params.issue_number));
        if (!issue) return { status: 404, body: { message: "Not Found" } };
        const body = call.body as { body?: string; state?: "open" | "closed"; state_reason?: string };
        Object.assign(issue, { ...(body.body !== undefined ? { body: body.body } : {}), ...(body.state ? { state: body.state } : {}), ...(body.state_reason ? { stateReason: body.state_reason } : {}) });
        return { status: 200, body: this.rest(issue) };
      },
      options,
    );
  }

  /** Commenting on an issue. */
  expectComment(options: ExpectationOptions = {}): Expectation {
    return this.gh.on(
      `POST ${this.base}/issues/{issue_number}/comments`,
      (call) => {
        const comment = { issue: Number(call.params.issue_number), body: (call.body as { body: string }).body };
        this.comments.push(comment);
        return { status: 201, body: { ...(exampleResponse("issues/create-comment") as object), body: comment.body } };
      },
      options,
    );
  }

  private rest(issue: FakeIssue): Record<string, unknown> {
    const example = exampleResponse("issues/get") as Record<string, unknown>;
    const { pull_request: _pullRequest, ...plain } = example;
    return {
      ...plain,
      number: issue.number,
      title: issue.title,
      body: issue.body,
      state: issue.state,
      state_reason: issue.stateReason,
      labels: issue.labels.map((name, id) => ({ id, node_id: `L${id}`, url: "", name, color: "ffffff", default: false, description: null })),
      user: issue.writer.account,
      performed_via_github_app: issue.writer.app,
    };
  }
}

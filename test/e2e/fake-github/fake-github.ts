import { createServer, type Server } from "node:http";
import type { KeyObject } from "node:crypto";
import type { WebhookPayload } from "../../support/github/webhooks.js";
import { AppAuthority } from "./app-authority.js";
import { BlobServer, type BlobDownload } from "./blob-server.js";
import { deleteBranch, pushBranch, type PushOptions } from "./driver/branch-events.js";
import { pressCheckRunButton } from "./driver/check-events.js";
import { addReview, commentOnPull } from "./driver/comment-events.js";
import { closePullRequest, openPullRequest, synchronizePullRequest, type PullInput } from "./driver/pull-events.js";
import { addRepo, addTeamMember, setFile, setRole, type RepoInput, type RepoRole } from "./driver/repo-driver.js";
import { completeRun, expireArtifact, startRun, type RunOutcome } from "./driver/run-events.js";
import { FakeState, type DispatchRecord, type FakeRepo, type Review } from "./fake-state.js";
import { closeServer, listenOnLoopback } from "./http-exchange.js";
import { OAuthWeb, type SignIn } from "./oauth-web.js";
import { allRoutes } from "./routes/index.js";
import type { RunNamer } from "./routes/dispatch-routes.js";
import { apiHandler, type ApiLog, type RecordedRequest } from "./serve-api.js";

/** How the fake is set up. */
export interface FakeGitHubOptions {
  appId: number;
  /** The app's public key (PEM or KeyObject): app JWTs must verify with it. */
  publicKey: KeyObject | string;
  /** Default "envbranch"; the bot is `<slug>[bot]`. */
  appSlug?: string;
  /** The permissions installation tokens report (default `{ metadata: "read" }`). */
  permissions?: Record<string, string>;
  /** Names dispatched runs instead of the workflow file's `run-name`. */
  runName?: RunNamer;
  /** The app's OAuth client secret (its client id is `Iv1.<slug>`); default "fake-client-secret". */
  clientSecret?: string;
  now?: () => Date;
}

const API_BASE_PATH = "/api/v3";

/**
 * A GitHub Enterprise Server look-alike on a loopback port for black-box tests of the built app:
 * every request is checked against GitHub's OpenAPI description and authenticated as GitHub
 * does, answered from in-memory state the test drives through the methods below, which also
 * return the webhook payloads GitHub would send. Point the app at it with `env` (Probot's
 * `GHE_HOST`/`GHE_PROTOCOL`) or `url` as Octokit's `baseUrl`; assert `violations` is empty at the end.
 */
export class FakeGitHub {
  /** Every API request, in order, with its operation and the status answered. */
  readonly requests: RecordedRequest[];
  /** Contract, authentication and fake-limitation problems; a passing test leaves this empty. */
  readonly violations: string[];

  private constructor(
    private readonly state: FakeState,
    private readonly servers: { api: Server; blobs: BlobServer },
    private readonly oauth: OAuthWeb,
    private readonly authority: AppAuthority,
    log: ApiLog,
  ) {
    this.requests = log.requests;
    this.violations = log.violations;
  }

  /** Starts the API and its artifact storage on free loopback ports. */
  static async start(options: FakeGitHubOptions): Promise<FakeGitHub> {
    const now = options.now ?? (() => new Date());
    const log: ApiLog = { requests: [], violations: [] };
    let handle: ReturnType<typeof apiHandler> | undefined;
    let oauth: OAuthWeb | undefined;
    const api = createServer((request, response) => {
      // GitHub dates every answer by its own clock; the fake by its own, which a test may have set.
      response.setHeader("date", now().toUTCString());
      // The sign-in pages live on the web root, beside the API, as on GitHub Enterprise Server.
      const answered = oauth?.handle(request, response).then((done) => (done ? undefined : handle?.(request, response)));
      Promise.resolve(answered).catch((error: unknown) => {
        log.violations.push(`${request.method ?? "?"} ${request.url ?? "?"}: the fake failed to answer: ${String(error)}`);
        response.destroy();
      });
    });
    const port = await listenOnLoopback(api);
    const blobs = new BlobServer(log.violations, now);
    await blobs.start();
    const web = `http://127.0.0.1:${port}`;
    const slug = options.appSlug ?? "envbranch";
    const state = new FakeState({ api: `${web}${API_BASE_PATH}`, web }, { id: options.appId, slug, name: slug, botLogin: `${slug}[bot]` }, now);
    const authority = new AppAuthority(options.appId, options.publicKey, now);
    const routes = allRoutes({ authority, blobs, permissions: options.permissions ?? { metadata: "read" }, runName: options.runName });
    handle = apiHandler(state, authority, routes, log, API_BASE_PATH);
    oauth = new OAuthWeb({ clientId: `Iv1.${slug}`, clientSecret: options.clientSecret ?? "fake-client-secret", callbackUrl: null }, authority, log.violations, now);
    return new FakeGitHub(state, { api, blobs }, oauth, authority, log);
  }

  /** The API base URL (`http://127.0.0.1:PORT/api/v3`), Octokit's `baseUrl`. */
  get url(): string {
    return this.state.urls.api;
  }

  /** The web root (`http://127.0.0.1:PORT`), where the OAuth sign-in pages are. */
  get webUrl(): string {
    return this.state.urls.web;
  }

  /** The app's OAuth client id and secret: the app's GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET. */
  get oauthClient(): { clientId: string; clientSecret: string } {
    return { clientId: this.oauth.client.clientId, clientSecret: this.oauth.client.clientSecret };
  }

  /** Sets the callback URL of the app's settings: the only place sign-ins may send a browser back to. */
  setCallbackUrl(url: string): void {
    this.oauth.client.callbackUrl = url;
  }

  /** The user revokes the app's access: their user tokens are refused from now on. */
  revokeUserTokens(login: string): void {
    this.authority.revokeUserTokens(login);
  }

  /** Every sign-in granted on the authorize page, and whether its code was exchanged for a token. */
  get signIns(): readonly SignIn[] {
    return this.oauth.signIns;
  }

  /** The environment that points Probot at the fake. */
  get env(): { GHE_HOST: string; GHE_PROTOCOL: string } {
    return { GHE_HOST: new URL(this.state.urls.web).host, GHE_PROTOCOL: "http" };
  }

  /** The app's bot login (`envbranch[bot]`): the actor of everything the app does. */
  get botLogin(): string {
    return this.state.app.botLogin;
  }

  /** Every workflow dispatch accepted, with its inputs and the run it started. */
  get dispatches(): readonly DispatchRecord[] {
    return this.state.dispatches;
  }

  /** Every artifact download the storage host served or refused. */
  get blobDownloads(): readonly BlobDownload[] {
    return this.servers.blobs.downloads;
  }

  /** Adds a repository (see RepoInput for defaults). */
  addRepo(input: RepoInput): FakeRepo {
    return addRepo(this.state, input);
  }

  /** A repository's state, to assert on check runs, deployments, comments, runs. */
  repo(fullName: string): FakeRepo {
    return this.state.repo(fullName);
  }

  /** Writes a file on a branch (default branch unless named); null removes it. */
  setFile(repo: string, path: string, text: string | null, branch?: string): void {
    setFile(this.state, repo, path, text, branch);
  }

  /** Gives a user a role on a repository. */
  setRole(repo: string, login: string, role: RepoRole): void {
    setRole(this.state, repo, login, role);
  }

  /** Adds a user to an organisation's team. */
  addTeamMember(org: string, team: string, login: string, role?: "member" | "maintainer"): void {
    addTeamMember(this.state, org, team, login, role);
  }

  /** Pushes a branch to `sha`; returns the `push` payload. */
  pushBranch(repo: string, branch: string, sha: string, options?: PushOptions): WebhookPayload<"push"> {
    return pushBranch(this.state, repo, branch, sha, options);
  }

  /** Deletes a branch; returns the `delete` payload and the `push` (deleted) payload GitHub also sends. */
  deleteBranch(repo: string, branch: string, options?: { sender?: string }): { deleteEvent: WebhookPayload<"delete">; pushEvent: WebhookPayload<"push"> } {
    return deleteBranch(this.state, repo, branch, options);
  }

  /** Opens a pull request; returns the `pull_request` opened payload. */
  openPullRequest(repo: string, input: PullInput): WebhookPayload<"pull_request"> {
    return openPullRequest(this.state, repo, input);
  }

  /** Moves a pull request's head; returns the `pull_request` synchronize payload. */
  synchronizePullRequest(repo: string, number: number, sha: string, sender?: string): WebhookPayload<"pull_request"> {
    return synchronizePullRequest(this.state, repo, number, sha, sender);
  }

  /** Closes (or merges) a pull request; returns the `pull_request` closed payload. */
  closePullRequest(repo: string, number: number, options?: { merged?: boolean; mergeSha?: string; sender?: string }): WebhookPayload<"pull_request"> {
    return closePullRequest(this.state, repo, number, options);
  }

  /** A user comments on a pull request; returns the `issue_comment` created payload. */
  commentOnPull(repo: string, number: number, login: string, body: string): WebhookPayload<"issue_comment"> {
    return commentOnPull(this.state, repo, number, login, body);
  }

  /** A user submits a review on a pull request. */
  addReview(repo: string, number: number, input: Parameters<typeof addReview>[3]): Review {
    return addReview(this.state, repo, number, input);
  }

  /** A user presses a check run's button; returns the `check_run` requested_action payload. */
  pressCheckRunButton(repo: string, checkRunId: number, identifier: string, login: string): WebhookPayload<"check_run"> {
    return pressCheckRunButton(this.state, repo, checkRunId, identifier, login);
  }

  /** A queued run starts; returns the `workflow_run` in_progress payload. */
  startRun(runId: number): WebhookPayload<"workflow_run"> {
    return startRun(this.state, runId);
  }

  /** A run finishes with its artifacts; returns the `workflow_run` completed payload. */
  completeRun(runId: number, outcome: RunOutcome): WebhookPayload<"workflow_run"> {
    return completeRun(this.state, this.servers.blobs, runId, outcome);
  }

  /** An artifact passes its retention period. */
  expireArtifact(artifactId: number): void {
    expireArtifact(this.state, artifactId);
  }

  /** Stops both servers. */
  async close(): Promise<void> {
    await Promise.all([closeServer(this.servers.api), this.servers.blobs.close()]);
  }
}

/** Starts a FakeGitHub; see the class. */
export function startFakeGitHub(options: FakeGitHubOptions): Promise<FakeGitHub> {
  return FakeGitHub.start(options);
}

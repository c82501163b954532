import { describe, expect, it } from "vitest";
import { parseConfigText } from "../../../app/config/parse-config.js";
import { onboardingProposal } from "../../../app/decisions/onboarding-proposal.js";
import { readSetupTemplates } from "../../../app/generator/read-templates.js";
import { ONBOARDING_MARKER } from "../../../app/templates/onboarding-body.js";
import { EXAMPLES } from "../../generator/support/examples.js";
import { repositoryOf } from "../../generator/support/repository.js";

const templates = await readSetupTemplates();
const repository = { owner: "Octo", name: "Shop" };
const propose = (title: string, person = "Alice") => onboardingProposal({ repo: repositoryOf(EXAMPLES.find((e) => e.title === title)!.files), templates, repository, defaultBranch: "trunk", person });

describe("onboardingProposal", () => {
  const proposal = propose("a Node app using pg");

  it("carries the generated files, whose config parses", () => {
    expect(proposal.files.map((f) => f.path)).toEqual(expect.arrayContaining([".github/envbranch.yml", ".github/workflows/envbranch.yml", "terraform/main.tf", "terraform/.gitignore"]));
    expect(parseConfigText(proposal.files[0]!.content, "Shop").ok).toBe(true);
  });

  it("says what was detected and why, in a table", () => {
    expect(proposal.body.startsWith(ONBOARDING_MARKER)).toBe(true);
    expect(proposal.body).toContain("| runtime | `node` | package.json: a Node.js project |");
    expect(proposal.body).toContain("| add-on | `postgresql` | package.json depends on pg |");
  });

  it("names what pushing the installer's environment branch creates, as the app will derive it", () => {
    expect(proposal.body).toContain("### What `git push origin HEAD:env-<you>` will create");
    expect(proposal.body).toContain("the GitHub environment `env-alice`");
    expect(proposal.body).toContain("the resource group `rg-shop-alice` in `westeurope`");
    expect(proposal.body).toContain("the blob `envbranch/octo/shop/alice.tfstate` in `stshoptfstate/tfstate`");
  });

  it("fills the az commands in with this repository's subjects, names and scopes", () => {
    const body = proposal.body;
    expect(body).toContain("--subject repo:Octo/Shop:ref:refs/heads/trunk");
    expect(body).toContain("--subject repo:Octo/Shop:ref:refs/heads/env-alice");
    expect(body).toContain("--subject repo:Octo/Shop:environment:envbranch-plan");
    expect(body).toContain("az identity create -n id-envbranch-shop -g rg-tfstate");
    expect(body).toContain("az storage account create -n stshoptfstate -g rg-tfstate");
    expect(body).toContain('--role Contributor --scope "/subscriptions/$SUBSCRIPTION"');
    expect(body).toContain("/blobServices/default/containers/tfstate");
    // A database makes the stack assign roles, so the apply identity needs the limited RBAC Administrator.
    expect(body).toContain('--role "Role Based Access Control Administrator"');
    expect(body).toContain("CONDITION=$(cat <<'EOF'");
  });

  it("asks for no RBAC Administrator where the stack assigns no roles", () => {
    const plain = onboardingProposal({ repo: repositoryOf({ "package.json": JSON.stringify({ name: "shop", dependencies: { express: "^5.1.0" } }) }), templates, repository, defaultBranch: "main", person: "bob" });
    expect(plain.body).not.toContain("Role Based Access Control Administrator");
    expect(plain.body).toContain("No database, cache or Azure SDK");
    expect(plain.body).toContain("`env-bob`");
  });

  it("falls back to an example name when the installer's login gives no slug", () => {
    expect(propose("a Node app using pg", "a-very-long-login-name-of-someone").body).toContain("`env-alice`");
  });
});

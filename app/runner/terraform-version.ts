import { explainContextOf, type RunContext } from "./run-context.js";
import { terraformFailure } from "./terraform-failure.js";

/**
 * The version of the terraform on PATH, from `terraform version -json`. Its first run is also the
 * check that Terraform is installed at all. A version other than the spec's is allowed (a laptop
 * rarely matches) but said in the log, since state written by a newer Terraform cannot be read by older.
 */
export async function terraformVersion(ctx: RunContext): Promise<string> {
  const outcome = await ctx.steps.terraform("version", ["version", "-json"], { quietStdout: true });
  if (outcome.exitCode !== 0) throw terraformFailure("version", outcome, explainContextOf(ctx));
  let version: string;
  try {
    version = String((JSON.parse(outcome.stdout) as { terraform_version?: unknown }).terraform_version ?? "");
  } catch (error) {
    throw new Error("terraform version -json printed something that is not JSON", { cause: error });
  }
  if (!version) throw new Error("terraform version -json did not name a version");
  const wanted = ctx.spec.terraform.version;
  ctx.log.info(version === wanted ? `Terraform ${version}` : `Terraform ${version} (the spec asks for ${wanted}; continuing with ${version})`);
  return version;
}

/** A secret the small plan carries in clear, as `terraform show -json` does; no summary may show it. */
export const SMALL_PLAN_SECRET = "s3cret-token-9f2c";

/**
 * A small plan as Terraform 1.11's `terraform show -json` prints it: one resource created, one
 * updated in place, a new output and a new sensitive output.
 */
export const SMALL_PLAN = {
  format_version: "1.2",
  terraform_version: "1.11.4",
  resource_changes: [
    {
      address: "terraform_data.app",
      mode: "managed",
      type: "terraform_data",
      name: "app",
      provider_name: "terraform.io/builtin/terraform",
      change: {
        actions: ["update"],
        before: { id: "1b9e", input: { name: "app-demo-alice", revision: "1" }, output: { name: "app-demo-alice", revision: "1" }, triggers_replace: null },
        after: { id: "1b9e", input: { name: "app-demo-alice", revision: "2" }, triggers_replace: null },
        after_unknown: { input: {}, output: true },
        before_sensitive: { input: {}, output: {} },
        after_sensitive: { input: {} },
      },
    },
    {
      address: "terraform_data.queue",
      mode: "managed",
      type: "terraform_data",
      name: "queue",
      provider_name: "terraform.io/builtin/terraform",
      change: {
        actions: ["create"],
        before: null,
        after: { input: "orders", triggers_replace: null },
        after_unknown: { id: true, output: true },
        before_sensitive: false,
        after_sensitive: {},
      },
    },
  ],
  output_changes: {
    url: { actions: ["create"], before: null, after: "https://app-demo-alice.example.test", after_unknown: false, before_sensitive: false, after_sensitive: false },
    admin_token: { actions: ["create"], before: null, after: SMALL_PLAN_SECRET, after_unknown: false, before_sensitive: false, after_sensitive: true },
  },
  applyable: true,
  complete: true,
  errored: false,
};

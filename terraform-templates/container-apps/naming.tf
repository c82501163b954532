# Every Azure name of the stack, in one place so that the tests can check them against Azure's limits.
locals {
  resource_group_name = "rg-${var.project}-${var.environment}"

  # Registry names are global across Azure (<name>.azurecr.io) and alphanumeric only. A short hash of the
  # subscription and resource group keeps two organisations' shop/alice registries apart, stably.
  global_suffix = substr(sha1("${local.subscription_id}/${local.resource_group_name}"), 0, 6)

  names = merge(local.addon_names, {
    resource_group     = local.resource_group_name
    log_analytics      = "log-${var.project}-${var.environment}"
    container_app_env  = "cae-${var.project}-${var.environment}"
    container_registry = "cr${var.project}${replace(var.environment, "-", "")}${local.global_suffix}"
    pull_identity      = "id-${var.project}-${var.environment}-acrpull"
    # The strictest rule of all (2-32 characters): it is why projects stop at 12 and slugs at 16.
    container_app = "ca-${var.project}-${var.environment}"
  })
}

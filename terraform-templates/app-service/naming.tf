# Every Azure name of the stack, in one place so that the tests can check them against Azure's limits.
locals {
  resource_group_name = "rg-${var.project}-${var.environment}"

  # Web app names are global across Azure (<name>.azurewebsites.net). A short hash of the subscription
  # and resource group keeps two organisations' shop/alice environments apart and is the same on every apply.
  global_suffix = substr(sha1("${local.subscription_id}/${local.resource_group_name}"), 0, 6)

  names = merge(local.addon_names, {
    resource_group = local.resource_group_name
    service_plan   = "asp-${var.project}-${var.environment}"
    web_app        = "app-${var.project}-${var.environment}-${local.global_suffix}"
    app_identity   = "id-${var.project}-${var.environment}"
    log_analytics  = "log-${var.project}-${var.environment}"
  })
}

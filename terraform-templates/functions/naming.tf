# Every Azure name of the stack, in one place so that the tests can check them against Azure's limits.
locals {
  resource_group_name = "rg-${var.project}-${var.environment}"

  # Function app, storage and the add-ons' names are global across Azure. A short hash of the
  # subscription and resource group keeps two organisations' shop/alice environments apart and is the
  # same on every apply; the functions' own storage account hashes with a word of its own, so that it
  # can never take the name of the blob storage add-on's account.
  global_suffix    = substr(sha1("${local.subscription_id}/${local.resource_group_name}"), 0, 6)
  functions_suffix = substr(sha1("${local.subscription_id}/${local.resource_group_name}/functions"), 0, 6)

  names = merge(local.addon_names, {
    resource_group = local.resource_group_name
    service_plan   = "asp-${var.project}-${var.environment}"
    # Azure asks for 32 characters at most only where apps share a storage account (host ID
    # collisions); each environment's function app has a storage account of its own.
    function_app      = "func-${var.project}-${var.environment}-${local.global_suffix}"
    functions_storage = "stfn${substr(local.compact_name, 0, 14)}${local.functions_suffix}"
    log_analytics     = "log-${var.project}-${var.environment}"
  })
}

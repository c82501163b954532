data "azurerm_client_config" "current" {}

locals {
  subscription_id = data.azurerm_client_config.current.subscription_id

  default_runtime_versions = { node = "22", java = "21", python = "3.12" }
  runtime_version          = coalesce(var.runtime_version, local.default_runtime_versions[var.runtime])

  # What addons.tf needs from this stack: the identity the add-ons grant access to, and the workspace
  # of Application Insights.
  addon_identity          = azurerm_function_app_flex_consumption.app.identity[0].principal_id
  monitoring_workspace_id = one(azurerm_log_analytics_workspace.logs[*].id)
}

resource "azurerm_resource_group" "env" {
  name     = local.names.resource_group
  location = var.location
  tags     = var.tags
}

resource "azurerm_log_analytics_workspace" "logs" {
  count               = var.monitoring ? 1 : 0
  name                = local.names.log_analytics
  resource_group_name = azurerm_resource_group.env.name
  location            = azurerm_resource_group.env.location
  sku                 = "PerGB2018"
  retention_in_days   = 30
  tags                = var.tags
}

# Flex Consumption (FC1), which Microsoft recommends for new serverless function apps: the Linux
# Consumption plan (Y1) takes no new language versions and is being retired.
resource "azurerm_service_plan" "plan" {
  name                = local.names.service_plan
  resource_group_name = azurerm_resource_group.env.name
  location            = azurerm_resource_group.env.location
  os_type             = "Linux"
  sku_name            = "FC1"
  tags                = var.tags
}

# The functions host keeps its state here, and Flex Consumption runs the deployed package from the
# deployments container.
resource "azurerm_storage_account" "host" {
  name                            = local.names.functions_storage
  resource_group_name             = azurerm_resource_group.env.name
  location                        = azurerm_resource_group.env.location
  account_tier                    = "Standard"
  account_replication_type        = "LRS"
  min_tls_version                 = "TLS1_2"
  allow_nested_items_to_be_public = false
  tags                            = var.tags
}

resource "azurerm_storage_container" "deployments" {
  name                  = "deployments"
  storage_account_id    = azurerm_storage_account.host.id
  container_access_type = "private"
}

resource "azurerm_function_app_flex_consumption" "app" {
  name                = local.names.function_app
  resource_group_name = azurerm_resource_group.env.name
  location            = azurerm_resource_group.env.location
  service_plan_id     = azurerm_service_plan.plan.id
  https_only          = true

  # The workflow deploys with its OIDC login, so the basic-auth publishing endpoint stays off.
  webdeploy_publish_basic_authentication_enabled = false

  storage_container_type      = "blobContainer"
  storage_container_endpoint  = "${azurerm_storage_account.host.primary_blob_endpoint}${azurerm_storage_container.deployments.name}"
  storage_authentication_type = "StorageAccountConnectionString"
  storage_access_key          = azurerm_storage_account.host.primary_access_key

  runtime_name           = var.runtime
  runtime_version        = local.runtime_version
  maximum_instance_count = var.maximum_instance_count
  instance_memory_in_mb  = 2048

  # System-assigned: Flex Consumption resolves Key Vault references with it (the resource takes no
  # key_vault_reference_identity_id), so the add-ons grant this identity, once the app exists.
  identity {
    type = "SystemAssigned"
  }

  # The add-ons' settings: plain values and @Microsoft.KeyVault(SecretUri=...) references, never a secret.
  app_settings = module.addons.app_settings

  site_config {
    minimum_tls_version                    = "1.2"
    application_insights_connection_string = module.addons.application_insights_connection_string
  }

  tags = var.tags
}

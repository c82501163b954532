data "azurerm_client_config" "current" {}

locals {
  subscription_id = data.azurerm_client_config.current.subscription_id

  default_runtime_versions = { node = "22", java = "21", python = "3.12" }
  runtime_version          = coalesce(var.runtime_version, local.default_runtime_versions[var.runtime])

  # What addons.tf needs from this stack: the identity the add-ons grant access to, and the workspace
  # of Application Insights.
  addon_identity          = azurerm_user_assigned_identity.app.principal_id
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

resource "azurerm_service_plan" "plan" {
  name                = local.names.service_plan
  resource_group_name = azurerm_resource_group.env.name
  location            = azurerm_resource_group.env.location
  os_type             = "Linux"
  sku_name            = var.sku_name
  tags                = var.tags
}

# A user-assigned identity exists before the app does, so its Key Vault and blob grants are in place
# when the app first resolves its Key Vault references.
resource "azurerm_user_assigned_identity" "app" {
  name                = local.names.app_identity
  resource_group_name = azurerm_resource_group.env.name
  location            = azurerm_resource_group.env.location
  tags                = var.tags
}

resource "azurerm_linux_web_app" "app" {
  name                = local.names.web_app
  resource_group_name = azurerm_resource_group.env.name
  location            = azurerm_resource_group.env.location
  service_plan_id     = azurerm_service_plan.plan.id
  https_only          = true

  # The workflow deploys with its OIDC login, so the basic-auth publishing endpoints stay off.
  ftp_publish_basic_authentication_enabled       = false
  webdeploy_publish_basic_authentication_enabled = false

  identity {
    type         = "UserAssigned"
    identity_ids = [azurerm_user_assigned_identity.app.id]
  }
  key_vault_reference_identity_id = azurerm_user_assigned_identity.app.id

  # The add-ons' settings: plain values and @Microsoft.KeyVault(SecretUri=...) references, never a secret.
  app_settings = merge(module.addons.app_settings, var.monitoring ? {
    APPLICATIONINSIGHTS_CONNECTION_STRING = module.addons.application_insights_connection_string
    } : {}, {
    # Node and Java packages arrive built from the workflow; Python sources are built by App Service
    # (pip install from requirements.txt) during the deployment.
    SCM_DO_BUILD_DURING_DEPLOYMENT = var.runtime == "python" ? "true" : "false"
  })

  site_config {
    ftps_state          = "Disabled"
    minimum_tls_version = "1.2"

    application_stack {
      node_version        = var.runtime == "node" ? "${local.runtime_version}-lts" : null
      python_version      = var.runtime == "python" ? local.runtime_version : null
      java_server         = var.runtime == "java" ? "JAVA" : null
      java_server_version = var.runtime == "java" ? local.runtime_version : null
      java_version        = var.runtime == "java" ? local.runtime_version : null
    }
  }

  tags = var.tags

  # The grants must exist before the app first resolves its references.
  depends_on = [module.addons]
}

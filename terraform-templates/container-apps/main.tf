data "azurerm_client_config" "current" {}

locals {
  subscription_id = data.azurerm_client_config.current.subscription_id

  # Served until the workflow's first deploy pushes the app's own image to the registry.
  placeholder_image = "mcr.microsoft.com/k8se/quickstart:latest"
}

resource "azurerm_resource_group" "env" {
  name     = local.names.resource_group
  location = var.location
  tags     = var.tags
}

resource "azurerm_log_analytics_workspace" "logs" {
  name                = local.names.log_analytics
  resource_group_name = azurerm_resource_group.env.name
  location            = azurerm_resource_group.env.location
  sku                 = "PerGB2018"
  retention_in_days   = 30
  tags                = var.tags
}

resource "azurerm_container_app_environment" "env" {
  name                       = local.names.container_app_env
  resource_group_name        = azurerm_resource_group.env.name
  location                   = azurerm_resource_group.env.location
  logs_destination           = "log-analytics"
  log_analytics_workspace_id = azurerm_log_analytics_workspace.logs.id
  tags                       = var.tags
}

resource "azurerm_container_registry" "registry" {
  name                = local.names.container_registry
  resource_group_name = azurerm_resource_group.env.name
  location            = azurerm_resource_group.env.location
  sku                 = "Basic"
  # Pulls use the app's managed identity and pushes the workflow's OIDC login: no shared password.
  admin_enabled = false
  tags          = var.tags
}

# A user-assigned identity exists before the app does, so its AcrPull grant can be in place when the
# first revision pulls (a system-assigned identity would only exist after the app was created).
resource "azurerm_user_assigned_identity" "pull" {
  name                = local.names.pull_identity
  resource_group_name = azurerm_resource_group.env.name
  location            = azurerm_resource_group.env.location
  tags                = var.tags
}

resource "azurerm_role_assignment" "pull" {
  scope                = azurerm_container_registry.registry.id
  role_definition_name = "AcrPull"
  principal_id         = azurerm_user_assigned_identity.pull.principal_id
  principal_type       = "ServicePrincipal"
}

resource "azurerm_container_app" "app" {
  name                         = local.names.container_app
  resource_group_name          = azurerm_resource_group.env.name
  container_app_environment_id = azurerm_container_app_environment.env.id
  revision_mode                = "Single"

  identity {
    type         = "UserAssigned"
    identity_ids = [azurerm_user_assigned_identity.pull.id]
  }

  registry {
    server   = azurerm_container_registry.registry.login_server
    identity = azurerm_user_assigned_identity.pull.id
  }

  ingress {
    external_enabled = true
    target_port      = var.container_port

    traffic_weight {
      latest_revision = true
      percentage      = 100
    }
  }

  template {
    min_replicas = 0
    max_replicas = 1

    container {
      name   = "app"
      image  = local.placeholder_image
      cpu    = 0.25
      memory = "0.5Gi"
    }
  }

  # The workflow deploys new images; a later apply must not roll the app back to the placeholder.
  lifecycle {
    ignore_changes = [template[0].container[0].image]
  }

  tags = var.tags

  depends_on = [azurerm_role_assignment.pull]
}

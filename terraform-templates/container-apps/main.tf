data "azurerm_client_config" "current" {}

locals {
  subscription_id = data.azurerm_client_config.current.subscription_id

  # Served until the workflow's first deploy pushes the app's own image to the registry.
  placeholder_image = "mcr.microsoft.com/k8se/quickstart:latest"

  # What addons.tf needs from this stack: the app's identity (it pulls images and reads the Key Vault
  # secrets) and the stack's workspace, which Application Insights shares.
  addon_identity          = azurerm_user_assigned_identity.pull.principal_id
  monitoring_workspace_id = azurerm_log_analytics_workspace.logs.id

  # Container Apps secret names take lowercase letters, digits and hyphens.
  secret_names = { for setting in keys(module.addons.secret_ids) : setting => lower(replace(setting, "_", "-")) }
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

  # Each credential is a Container Apps secret that points at its Key Vault secret, read with the app's
  # identity; the value never passes through Terraform's plan of this resource.
  dynamic "secret" {
    for_each = module.addons.secret_ids
    content {
      name                = local.secret_names[secret.key]
      key_vault_secret_id = secret.value
      identity            = azurerm_user_assigned_identity.pull.id
    }
  }

  dynamic "secret" {
    for_each = var.monitoring ? ["applicationinsights-connection-string"] : []
    content {
      name  = secret.value
      value = module.addons.application_insights_connection_string
    }
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

      dynamic "env" {
        for_each = module.addons.settings
        content {
          name  = env.key
          value = env.value
        }
      }

      dynamic "env" {
        for_each = local.secret_names
        content {
          name        = env.key
          secret_name = env.value
        }
      }

      dynamic "env" {
        for_each = var.monitoring ? ["applicationinsights-connection-string"] : []
        content {
          name        = "APPLICATIONINSIGHTS_CONNECTION_STRING"
          secret_name = env.value
        }
      }
    }
  }

  # The workflow deploys new images; a later apply must not roll the app back to the placeholder.
  lifecycle {
    ignore_changes = [template[0].container[0].image]
  }

  tags = var.tags

  # The grants must exist before the first revision pulls its image and reads its secrets.
  depends_on = [azurerm_role_assignment.pull, module.addons]
}

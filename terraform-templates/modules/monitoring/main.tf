resource "azurerm_log_analytics_workspace" "logs" {
  count               = var.workspace_id == null ? 1 : 0
  name                = var.workspace_name
  resource_group_name = var.resource_group_name
  location            = var.location
  sku                 = "PerGB2018"
  retention_in_days   = 30
  tags                = var.tags
}

# Workspace-based: classic Application Insights resources were retired in February 2024.
resource "azurerm_application_insights" "app" {
  name                = var.name
  resource_group_name = var.resource_group_name
  location            = var.location
  application_type    = "web"
  workspace_id        = coalesce(var.workspace_id, one(azurerm_log_analytics_workspace.logs[*].id))
  tags                = var.tags
}

# Workspace-based: classic Application Insights resources were retired in February 2024. The stack
# owns the Log Analytics workspace (Container Apps' environment logs to it as well).
resource "azurerm_application_insights" "app" {
  name                = var.name
  resource_group_name = var.resource_group_name
  location            = var.location
  application_type    = "web"
  workspace_id        = var.workspace_id
  tags                = var.tags
}

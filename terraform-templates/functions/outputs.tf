# The workflow deploys into app_name; the app shows url on the GitHub deployment.

output "app_name" {
  description = "Name of the function app the workflow deploys to."
  value       = azurerm_function_app_flex_consumption.app.name
}

output "url" {
  description = "The environment's URL."
  value       = "https://${azurerm_function_app_flex_consumption.app.default_hostname}"
}

output "resource_group" {
  description = "The environment's resource group."
  value       = azurerm_resource_group.env.name
}

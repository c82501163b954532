# The workflow deploys into app_name; the app shows url on the GitHub deployment.

output "app_name" {
  description = "Name of the web app the workflow deploys to."
  value       = azurerm_linux_web_app.app.name
}

output "url" {
  description = "The environment's URL."
  value       = "https://${azurerm_linux_web_app.app.default_hostname}"
}

output "resource_group" {
  description = "The environment's resource group."
  value       = azurerm_resource_group.env.name
}

# The workflow deploys into app_name and pushes to the registry; the app shows url on the GitHub deployment.

output "app_name" {
  description = "Name of the container app the workflow deploys to."
  value       = azurerm_container_app.app.name
}

output "url" {
  description = "The environment's URL."
  value       = "https://${azurerm_container_app.app.ingress[0].fqdn}"
}

output "resource_group" {
  description = "The environment's resource group."
  value       = azurerm_resource_group.env.name
}

output "registry_name" {
  description = "Name of the environment's container registry (for az acr login)."
  value       = azurerm_container_registry.registry.name
}

output "registry_login_server" {
  description = "Login server of the environment's container registry; images are pushed here."
  value       = azurerm_container_registry.registry.login_server
}

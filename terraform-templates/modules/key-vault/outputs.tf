output "secret_ids" {
  description = "Versionless ID of each secret by name: App Service and Container Apps resolve the newest version."
  value       = { for name, secret in azurerm_key_vault_secret.secret : name => secret.versionless_id }
}

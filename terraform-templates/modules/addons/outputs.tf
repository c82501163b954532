output "settings" {
  description = "Plain app settings (host names, ports, database names): no credential among them."
  value       = local.settings
}

output "secret_ids" {
  description = "Versionless Key Vault secret ID by app setting name, for Container Apps' key_vault_secret_id."
  value       = { for setting, secret in local.secret_settings : setting => one(module.key_vault).secret_ids[secret] }
}

output "app_settings" {
  description = "App Service and Functions app settings: the plain ones and a Key Vault reference for each secret."
  value = merge(local.settings, {
    for setting, secret in local.secret_settings : setting => "@Microsoft.KeyVault(SecretUri=${one(module.key_vault).secret_ids[secret]})"
  })
}

output "application_insights_connection_string" {
  description = "Application Insights' connection string, null when monitoring is off."
  value       = one(module.monitoring[*].connection_string)
  sensitive   = true
}

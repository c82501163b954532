output "host" {
  description = "The server's host name."
  value       = azurerm_mysql_flexible_server.server.fqdn
}

output "database" {
  description = "The app's database."
  value       = azurerm_mysql_flexible_database.app.name
}

output "username" {
  description = "The administrator login the app connects with."
  value       = azurerm_mysql_flexible_server.server.administrator_login
}

output "password" {
  description = "The administrator password; the stack stores it in Key Vault only."
  value       = module.password.value
  sensitive   = true
}

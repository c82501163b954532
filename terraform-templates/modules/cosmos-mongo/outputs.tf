output "database" {
  description = "The app's database."
  value       = azurerm_cosmosdb_mongo_database.app.name
}

output "connection_string" {
  description = "The account's primary MongoDB connection string, key included; the stack stores it in Key Vault only."
  value       = azurerm_cosmosdb_account.mongo.primary_mongodb_connection_string
  sensitive   = true
}

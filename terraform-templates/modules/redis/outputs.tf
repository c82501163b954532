output "host" {
  description = "The cache's host name."
  value       = azurerm_managed_redis.cache.hostname
}

output "port" {
  description = "The TLS port of the cache's database."
  value       = azurerm_managed_redis.cache.default_database[0].port
}

output "password" {
  description = "The database's primary access key; the stack stores it in Key Vault only."
  value       = azurerm_managed_redis.cache.default_database[0].primary_access_key
  sensitive   = true
}

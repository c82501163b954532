output "account_name" {
  description = "The storage account's name."
  value       = azurerm_storage_account.blobs.name
}

output "blob_endpoint" {
  description = "The account's blob endpoint, for a client signing in with the app's identity."
  value       = azurerm_storage_account.blobs.primary_blob_endpoint
}

output "container_name" {
  description = "The app's container."
  value       = azurerm_storage_container.app.name
}

resource "azurerm_storage_account" "blobs" {
  name                     = var.name
  resource_group_name      = var.resource_group_name
  location                 = var.location
  account_tier             = "Standard"
  account_replication_type = var.replication_type
  min_tls_version          = "TLS1_2"
  # The app signs in with its managed identity; no blob is ever public.
  allow_nested_items_to_be_public = false
  tags                            = var.tags
}

# Created through Resource Manager (storage_account_id), so the apply identity needs no data role.
resource "azurerm_storage_container" "app" {
  name                  = "app"
  storage_account_id    = azurerm_storage_account.blobs.id
  container_access_type = "private"
}

resource "azurerm_role_assignment" "app" {
  scope                = azurerm_storage_account.blobs.id
  role_definition_name = "Storage Blob Data Contributor"
  principal_id         = var.principal_id
  principal_type       = "ServicePrincipal"
}

module "password" {
  source = "../password"
}

resource "azurerm_postgresql_flexible_server" "server" {
  name                          = var.name
  resource_group_name           = var.resource_group_name
  location                      = var.location
  version                       = var.server_version
  sku_name                      = var.sku_name
  storage_mb                    = var.storage_mb
  backup_retention_days         = 7
  public_network_access_enabled = true
  administrator_login           = "envbranch"
  administrator_password        = module.password.value
  tags                          = var.tags
}

resource "azurerm_postgresql_flexible_server_database" "app" {
  name      = "app"
  server_id = azurerm_postgresql_flexible_server.server.id
  charset   = "UTF8"
  collation = "en_US.utf8"
}

# 0.0.0.0 to 0.0.0.0 is Azure's "allow Azure services": the app reaches the server over TLS with the
# password, without a virtual network, which a throwaway environment does not need.
resource "azurerm_postgresql_flexible_server_firewall_rule" "azure" {
  name             = "allow-azure-services"
  server_id        = azurerm_postgresql_flexible_server.server.id
  start_ip_address = "0.0.0.0"
  end_ip_address   = "0.0.0.0"
}

module "password" {
  source = "../password"
}

resource "azurerm_mssql_server" "server" {
  name                         = var.name
  resource_group_name          = var.resource_group_name
  location                     = var.location
  version                      = "12.0"
  minimum_tls_version          = "1.2"
  administrator_login          = "envbranch"
  administrator_login_password = module.password.value
  tags                         = var.tags
}

resource "azurerm_mssql_database" "app" {
  name      = "app"
  server_id = azurerm_mssql_server.server.id
  sku_name  = var.sku_name
  # A throwaway environment's data needs no geo-redundant copies.
  storage_account_type = "Local"
  tags                 = var.tags
}

# 0.0.0.0 to 0.0.0.0 is Azure's "allow Azure services" (see the postgresql module).
resource "azurerm_mssql_firewall_rule" "azure" {
  name             = "allow-azure-services"
  server_id        = azurerm_mssql_server.server.id
  start_ip_address = "0.0.0.0"
  end_ip_address   = "0.0.0.0"
}

module "password" {
  source = "../password"
}

resource "azurerm_mysql_flexible_server" "server" {
  name                   = var.name
  resource_group_name    = var.resource_group_name
  location               = var.location
  version                = var.server_version
  sku_name               = var.sku_name
  backup_retention_days  = 7
  administrator_login    = "envbranch"
  administrator_password = module.password.value
  tags                   = var.tags
}

resource "azurerm_mysql_flexible_database" "app" {
  name                = "app"
  resource_group_name = var.resource_group_name
  server_name         = azurerm_mysql_flexible_server.server.name
  charset             = "utf8mb4"
  collation           = "utf8mb4_unicode_ci"
}

# 0.0.0.0 to 0.0.0.0 is Azure's "allow Azure services" (see the postgresql module).
resource "azurerm_mysql_flexible_server_firewall_rule" "azure" {
  name                = "allow-azure-services"
  resource_group_name = var.resource_group_name
  server_name         = azurerm_mysql_flexible_server.server.name
  start_ip_address    = "0.0.0.0"
  end_ip_address      = "0.0.0.0"
}

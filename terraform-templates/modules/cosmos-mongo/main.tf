resource "azurerm_cosmosdb_account" "mongo" {
  name                 = var.name
  resource_group_name  = var.resource_group_name
  location             = var.location
  offer_type           = "Standard"
  kind                 = "MongoDB"
  mongo_server_version = "7.0"
  minimal_tls_version  = "Tls12"

  consistency_policy {
    consistency_level = "Session"
  }

  geo_location {
    location          = var.location
    failover_priority = 0
  }

  capabilities {
    name = "EnableMongo"
  }

  dynamic "capabilities" {
    for_each = var.serverless ? ["EnableServerless"] : []
    content {
      name = capabilities.value
    }
  }

  tags = var.tags
}

resource "azurerm_cosmosdb_mongo_database" "app" {
  name                = "app"
  resource_group_name = var.resource_group_name
  account_name        = azurerm_cosmosdb_account.mongo.name
  throughput          = var.serverless ? null : var.throughput
}

# The add-ons a repository turns on with terraform.variables in .github/envbranch.yml. This file is the
# same in every stack (a test keeps it so); each stack sets local.addon_identity and
# local.monitoring_workspace_id, and hands module.addons' settings to its app.

variable "database" {
  description = "The app's database: none, postgresql, mysql or sql (Azure SQL)."
  type        = string
  default     = "none"
}

variable "database_sku" {
  description = "The database's SKU (null: B_Standard_B1ms for postgresql and mysql, Basic for sql)."
  type        = string
  default     = null
}

variable "cache" {
  description = "Whether the app gets an Azure Managed Redis cache."
  type        = bool
  default     = false
}

variable "cache_sku" {
  description = "The cache's SKU (null: Balanced_B0)."
  type        = string
  default     = null
}

variable "storage" {
  description = "Whether the app gets a storage account with a blob container, reached with its identity."
  type        = bool
  default     = false
}

variable "storage_replication" {
  description = "The storage account's replication (null: LRS)."
  type        = string
  default     = null
}

variable "cosmos" {
  description = "Whether the app gets a Cosmos DB account with a MongoDB API database."
  type        = bool
  default     = false
}

variable "cosmos_serverless" {
  description = "Whether the Cosmos DB account is serverless; false provisions 400 RU/s."
  type        = bool
  default     = true
}

variable "monitoring" {
  description = "Whether the app gets workspace-based Application Insights."
  type        = bool
  default     = true
}

variable "key_vault" {
  description = "Whether to create the Key Vault when no add-on needs one (a database, cache or Cosmos DB does)."
  type        = bool
  default     = false
}

module "addons" {
  source = "./modules/addons"

  names               = local.names
  resource_group_name = azurerm_resource_group.env.name
  location            = azurerm_resource_group.env.location
  tags                = var.tags
  tenant_id           = data.azurerm_client_config.current.tenant_id
  writer_principal_id = data.azurerm_client_config.current.object_id
  app_principal_id    = local.addon_identity

  database                = var.database
  database_sku            = var.database_sku
  cache                   = var.cache
  cache_sku               = var.cache_sku
  storage                 = var.storage
  storage_replication     = var.storage_replication
  cosmos                  = var.cosmos
  cosmos_serverless       = var.cosmos_serverless
  monitoring              = var.monitoring
  monitoring_workspace_id = local.monitoring_workspace_id
  key_vault               = var.key_vault
}

# Each add-on is a module with count 0 or 1, so a toggle in terraform.variables adds or removes it.

module "postgresql" {
  source              = "../postgresql"
  count               = var.database == "postgresql" ? 1 : 0
  name                = var.names.postgresql_server
  resource_group_name = var.resource_group_name
  location            = var.location
  tags                = var.tags
  sku_name            = var.database_sku
}

module "mysql" {
  source              = "../mysql"
  count               = var.database == "mysql" ? 1 : 0
  name                = var.names.mysql_server
  resource_group_name = var.resource_group_name
  location            = var.location
  tags                = var.tags
  sku_name            = var.database_sku
}

module "sql" {
  source              = "../sql"
  count               = var.database == "sql" ? 1 : 0
  name                = var.names.sql_server
  resource_group_name = var.resource_group_name
  location            = var.location
  tags                = var.tags
  sku_name            = var.database_sku
}

module "redis" {
  source              = "../redis"
  count               = var.cache ? 1 : 0
  name                = var.names.redis
  resource_group_name = var.resource_group_name
  location            = var.location
  tags                = var.tags
  sku_name            = var.cache_sku
}

module "blob_storage" {
  source              = "../blob-storage"
  count               = var.storage ? 1 : 0
  name                = var.names.blob_storage
  resource_group_name = var.resource_group_name
  location            = var.location
  tags                = var.tags
  replication_type    = var.storage_replication
  principal_id        = var.app_principal_id
}

module "cosmos_mongo" {
  source              = "../cosmos-mongo"
  count               = var.cosmos ? 1 : 0
  name                = var.names.cosmos_account
  resource_group_name = var.resource_group_name
  location            = var.location
  tags                = var.tags
  serverless          = var.cosmos_serverless
}

module "monitoring" {
  source              = "../monitoring"
  count               = var.monitoring ? 1 : 0
  name                = var.names.app_insights
  workspace_id        = var.monitoring_workspace_id
  resource_group_name = var.resource_group_name
  location            = var.location
  tags                = var.tags
}

module "key_vault" {
  source              = "../key-vault"
  count               = var.key_vault || length(local.secret_settings) > 0 ? 1 : 0
  name                = var.names.key_vault
  resource_group_name = var.resource_group_name
  location            = var.location
  tags                = var.tags
  tenant_id           = var.tenant_id
  writer_principal_id = var.writer_principal_id
  reader_principal_id = var.app_principal_id
  secrets             = local.secrets
}

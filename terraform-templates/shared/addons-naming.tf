# The add-ons' Azure names; the same in every stack. Servers, caches, accounts and vaults are global
# across Azure, so they end in the stack's hash of subscription and resource group.
locals {
  # Storage account and Key Vault names take no hyphen (storage) or at most 24 characters (both).
  compact_name = "${var.project}${replace(var.environment, "-", "")}"

  addon_names = {
    postgresql_server = "psql-${var.project}-${var.environment}-${local.global_suffix}"
    mysql_server      = "mysql-${var.project}-${var.environment}-${local.global_suffix}"
    sql_server        = "sql-${var.project}-${var.environment}-${local.global_suffix}"
    redis             = "redis-${var.project}-${var.environment}-${local.global_suffix}"
    blob_storage      = "st${substr(local.compact_name, 0, 16)}${local.global_suffix}"
    # 43 characters at the longest project and slug; Cosmos DB allows 44.
    cosmos_account = "cosmos-${var.project}-${var.environment}-${local.global_suffix}"
    key_vault      = "kv-${substr(local.compact_name, 0, 14)}-${local.global_suffix}"
    app_insights   = "appi-${var.project}-${var.environment}"
  }
}

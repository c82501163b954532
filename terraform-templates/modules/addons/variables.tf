# The stack's toggles and sizes (terraform.variables in .github/envbranch.yml), and what the add-ons
# need from the stack: its names, resource group, tags and the identities involved.

variable "names" {
  description = "The stack's local.names: every Azure name, checked against Azure's limits by the tests."
  type        = map(string)
}

variable "resource_group_name" {
  description = "The environment's resource group."
  type        = string
}

variable "location" {
  description = "Azure region: the resource group's."
  type        = string
}

variable "tags" {
  description = "The environment's tags."
  type        = map(string)
}

variable "tenant_id" {
  description = "The Entra tenant of the Key Vault."
  type        = string
}

variable "writer_principal_id" {
  description = "Object ID of the identity that applies the stack; it writes the Key Vault secrets."
  type        = string
}

variable "app_principal_id" {
  description = "Principal ID of the app's managed identity; it reads the secrets and the blob container."
  type        = string
}

variable "database" {
  description = "The app's database: none, postgresql, mysql or sql (Azure SQL)."
  type        = string
  default     = "none"

  validation {
    condition     = contains(["none", "postgresql", "mysql", "sql"], var.database)
    error_message = "The database must be none, postgresql, mysql or sql."
  }
}

variable "database_sku" {
  description = "The database's SKU; null keeps the module's small default (B_Standard_B1ms, or Basic for sql)."
  type        = string
  default     = null
}

variable "cache" {
  description = "Whether the app gets an Azure Managed Redis cache."
  type        = bool
  default     = false
}

variable "cache_sku" {
  description = "The cache's SKU; null keeps Balanced_B0."
  type        = string
  default     = null
}

variable "storage" {
  description = "Whether the app gets a storage account with a blob container."
  type        = bool
  default     = false
}

variable "storage_replication" {
  description = "The storage account's replication; null keeps LRS."
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

variable "monitoring_workspace_id" {
  description = "The stack's Log Analytics workspace for Application Insights; required when monitoring is on."
  type        = string
  default     = null
}

variable "key_vault" {
  description = "Whether to create the Key Vault even when no add-on has a secret for it."
  type        = bool
  default     = false
}

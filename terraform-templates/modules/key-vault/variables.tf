# Inputs from the stack; the name comes from its naming.tf, where the tests check it against Azure's limits.

variable "name" {
  description = "Name of the module's main resource (global across Azure)."
  type        = string
}

variable "resource_group_name" {
  description = "The environment's resource group (rg-<project>-<environment>), created by the stack."
  type        = string
}

variable "location" {
  description = "Azure region: the resource group's."
  type        = string
}

variable "tags" {
  description = "The environment's tags, put on every taggable resource."
  type        = map(string)
}

variable "sku_name" {
  description = "Key Vault SKU: standard by default; premium adds HSM-backed keys."
  type        = string
  default     = "standard"
  nullable    = false
}

variable "tenant_id" {
  description = "The Entra tenant that authenticates requests to the vault."
  type        = string
}

variable "writer_principal_id" {
  description = "The identity that applies the stack, granted Key Vault Secrets Officer to write the secrets."
  type        = string
}

variable "reader_principal_id" {
  description = "The app's managed identity, granted Key Vault Secrets User to resolve its Key Vault references."
  type        = string
}

variable "secrets" {
  description = "Secrets by name (letters, digits and hyphens); their values never leave the vault but as references."
  type        = map(string)
  sensitive   = true
}

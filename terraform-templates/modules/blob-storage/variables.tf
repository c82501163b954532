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

variable "replication_type" {
  description = "Replication of the storage account: LRS by default; e.g. ZRS to upgrade."
  type        = string
  default     = "LRS"
  nullable    = false
}

variable "principal_id" {
  description = "The app's managed identity, granted Storage Blob Data Contributor on the account."
  type        = string
}

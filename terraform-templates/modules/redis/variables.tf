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
  description = "Azure Managed Redis SKU: Balanced_B0 by default, the smallest; e.g. Balanced_B1 to upgrade."
  type        = string
  default     = "Balanced_B0"
  nullable    = false
}

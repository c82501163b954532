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
  description = "Server SKU: Burstable B1ms by default, the smallest; e.g. GP_Standard_D2ds_v4 to upgrade."
  type        = string
  default     = "B_Standard_B1ms"
  nullable    = false
}

variable "server_version" {
  description = "MySQL version."
  type        = string
  default     = "8.0.21"
  nullable    = false
}

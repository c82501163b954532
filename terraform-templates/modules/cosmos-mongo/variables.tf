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

variable "serverless" {
  description = "Serverless (pay per request, the cheapest when idle) by default; false provisions throughput."
  type        = bool
  default     = true
  nullable    = false
}

variable "throughput" {
  description = "Request units of the database when serverless is false."
  type        = number
  default     = 400
  nullable    = false
}

# Inputs from the stack; the names come from its naming.tf, where the tests check them against Azure's limits.

variable "name" {
  description = "Name of the Application Insights component."
  type        = string
}

variable "workspace_id" {
  description = "The stack's Log Analytics workspace, where the telemetry is stored."
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

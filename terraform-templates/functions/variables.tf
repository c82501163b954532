# The four variables every envbranch stack takes; envbranch writes them to envbranch.auto.tfvars.json.

variable "environment" {
  description = "The environment's slug, derived from the branch name (env-alice gives alice)."
  type        = string

  validation {
    # The same rule envbranch applies to slugs; 16 characters keep every derived Azure name in its limit.
    condition     = can(regex("^[a-z0-9]([a-z0-9-]{0,14}[a-z0-9])?$", var.environment)) && !strcontains(var.environment, "--")
    error_message = "The environment must be 1-16 lowercase letters, digits and single hyphens, starting and ending with a letter or digit."
  }
}

variable "project" {
  description = "Short project name used in every Azure name."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9]{1,11}$", var.project))
    error_message = "The project must be 2-12 lowercase letters and digits, starting with a letter."
  }
}

variable "location" {
  description = "Azure region of every resource, e.g. westeurope."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9]+$", var.location))
    error_message = "The location must be an Azure region name such as westeurope."
  }
}

variable "tags" {
  description = "Tags put on every taggable resource; envbranch finds an environment's resources by them."
  type        = map(string)
}

# Stack-specific variables; set them under terraform.variables in .github/envbranch.yml.

variable "runtime" {
  description = "The app's runtime, as app.runtime in .github/envbranch.yml."
  type        = string
  default     = "node"

  validation {
    condition     = contains(["node", "java", "python"], var.runtime)
    error_message = "The functions stack runs node, java or python functions; for a Docker image use the container-apps stack."
  }
}

variable "runtime_version" {
  description = "Major runtime version (node 22, java 21, python 3.12 when null). The workflow builds with the same version."
  type        = string
  default     = null
}

variable "maximum_instance_count" {
  description = "How far the Flex Consumption plan may scale out; a throwaway environment needs few instances."
  type        = number
  default     = 10
}

terraform {
  required_version = ">= 1.9.0, < 2.0.0"

  required_providers {
    azurerm = {
      source  = "hashicorp/azurerm"
      version = "~> 4.37"
    }
  }

  # Deliberately empty: Terraform cannot interpolate backend settings, so envbranch renders them per
  # environment (envbranch.azurerm.tfbackend) and passes them to `terraform init -backend-config`.
  backend "azurerm" {}
}

# The subscription, tenant and client come from ARM_* variables the workflow sets for OIDC.
provider "azurerm" {
  features {}
}

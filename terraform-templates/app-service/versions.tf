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

  # In 4.x the provider registers its "legacy" set of 66 resource providers by default (none in
  # 5.0). A fresh subscription needs only the one this stack's resources call, registered by the apply
  # identity (Contributor on the subscription may register resource providers).
  resource_provider_registrations = "none"
  resource_providers_to_register = [
    "Microsoft.Web", # azurerm_service_plan, azurerm_linux_web_app
  ]
}

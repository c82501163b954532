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
  # 5.0), and that set lacks Microsoft.App (hashicorp/terraform-provider-azurerm#29525). Register exactly
  # the ones this stack's resources call, so that it applies on a fresh subscription.
  resource_provider_registrations = "none"
  resource_providers_to_register = [
    "Microsoft.App",                 # azurerm_container_app_environment, azurerm_container_app
    "Microsoft.Authorization",       # azurerm_role_assignment
    "Microsoft.ContainerRegistry",   # azurerm_container_registry
    "Microsoft.ManagedIdentity",     # azurerm_user_assigned_identity
    "Microsoft.OperationalInsights", # azurerm_log_analytics_workspace (and the environment reads its key)
  ]
}

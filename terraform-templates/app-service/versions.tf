terraform {
  required_version = ">= 1.9.0, < 2.0.0"

  required_providers {
    azurerm = {
      source = "hashicorp/azurerm"
      # 4.50 is the first release with azurerm_managed_redis (the cache add-on) and Key Vault's
      # rbac_authorization_enabled; every add-on is in every stack, so every stack starts there.
      version = "~> 4.50"
    }
  }

  # Deliberately empty: Terraform cannot interpolate backend settings, so envbranch renders them per
  # environment (envbranch.azurerm.tfbackend) and passes them to `terraform init -backend-config`.
  backend "azurerm" {}
}

# The subscription, tenant and client come from ARM_* variables the workflow sets for OIDC.
provider "azurerm" {
  features {}

  # In 4.x the provider registers its "legacy" set of 66 resource providers by default (none in 5.0),
  # and that set lacks some the stack needs (Microsoft.App, hashicorp/terraform-provider-azurerm#29525).
  # Register exactly the ones the stack's resources and its add-on modules call, so that it applies on
  # a fresh subscription whichever add-ons are on (Contributor may register resource providers).
  resource_provider_registrations = "none"
  resource_providers_to_register = [
    "Microsoft.AlertsManagement",    # azurerm_application_insights (add-on)
    "Microsoft.Authorization",       # azurerm_role_assignment (Key Vault and blob grants)
    "Microsoft.Cache",               # azurerm_managed_redis (add-on)
    "Microsoft.DBforMySQL",          # azurerm_mysql_flexible_* (add-on)
    "Microsoft.DBforPostgreSQL",     # azurerm_postgresql_flexible_* (add-on)
    "Microsoft.DocumentDB",          # azurerm_cosmosdb_* (add-on)
    "Microsoft.Insights",            # azurerm_application_insights (add-on)
    "Microsoft.KeyVault",            # azurerm_key_vault (add-on)
    "Microsoft.ManagedIdentity",     # azurerm_user_assigned_identity
    "Microsoft.OperationalInsights", # azurerm_log_analytics_workspace
    "Microsoft.Sql",                 # azurerm_mssql_* (add-on)
    "Microsoft.Storage",             # azurerm_storage_account, azurerm_storage_container
    "Microsoft.Web",                 # azurerm_service_plan, azurerm_linux_web_app
  ]
}

# Azure Managed Redis, not azurerm_redis_cache: Microsoft retires every Azure Cache for Redis tier
# (Basic, Standard and Premium on 30 September 2028) and points new caches at Managed Redis.
resource "azurerm_managed_redis" "cache" {
  name                = var.name
  resource_group_name = var.resource_group_name
  location            = var.location
  sku_name            = var.sku_name
  # One node is enough for a throwaway environment and halves the price.
  high_availability_enabled = false

  default_database {
    # Off by default in Managed Redis; on, so that every Redis client works with a password from Key Vault.
    access_keys_authentication_enabled = true
  }

  tags = var.tags
}

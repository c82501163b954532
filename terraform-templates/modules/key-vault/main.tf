resource "azurerm_key_vault" "vault" {
  name                = var.name
  resource_group_name = var.resource_group_name
  location            = var.location
  tenant_id           = var.tenant_id
  sku_name            = var.sku_name
  # Azure RBAC, not access policies: a grant is a role assignment the README's condition limits.
  rbac_authorization_enabled = true
  # The shortest retention Azure allows, and no purge protection: the provider purges the vault on
  # destroy (features.key_vault defaults), so a recreated environment can take the same name again.
  soft_delete_retention_days = 7
  purge_protection_enabled   = false
  tags                       = var.tags
}

resource "azurerm_role_assignment" "writer" {
  scope                = azurerm_key_vault.vault.id
  role_definition_name = "Key Vault Secrets Officer"
  principal_id         = var.writer_principal_id
}

resource "azurerm_role_assignment" "reader" {
  scope                = azurerm_key_vault.vault.id
  role_definition_name = "Key Vault Secrets User"
  principal_id         = var.reader_principal_id
  principal_type       = "ServicePrincipal"
}

resource "azurerm_key_vault_secret" "secret" {
  # The names are fixed by the stack's toggles; only the values are secret.
  for_each     = toset(nonsensitive(keys(var.secrets)))
  name         = each.key
  value        = var.secrets[each.key]
  key_vault_id = azurerm_key_vault.vault.id
  tags         = var.tags

  depends_on = [azurerm_role_assignment.writer]
}

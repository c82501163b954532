output "connection_string" {
  description = "Where the app sends telemetry (APPLICATIONINSIGHTS_CONNECTION_STRING); the provider marks it sensitive."
  value       = azurerm_application_insights.app.connection_string
  sensitive   = true
}

output "value" {
  description = "A password with upper- and lowercase letters, digits and hyphens, as Azure's database servers require three of the four."
  # The fixed "Eb" guarantees an uppercase letter; the uuid's hex digits, letters and hyphens give the rest.
  value     = "Eb${terraform_data.password.output}"
  sensitive = true
}

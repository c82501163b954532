# A generated password without the random provider: Terraform's uuid() draws 122 bits from crypto/rand
# (hashicorp/go-uuid), and terraform_data, built into Terraform, keeps the first value in state.
resource "terraform_data" "password" {
  input = uuid()

  # uuid() changes on every plan; the password must not.
  lifecycle {
    ignore_changes = [input]
  }
}

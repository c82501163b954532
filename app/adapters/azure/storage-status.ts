/** The HTTP status of a storage SDK error (`RestError.statusCode`), or undefined for any other error. */
export function storageStatusOf(error: unknown): number | undefined {
  return typeof error === "object" && error !== null && "statusCode" in error ? Number((error as { statusCode: unknown }).statusCode) : undefined;
}

import type { AZURE_CLOUDS } from "../../config/config-schema.js";

export type AzureCloud = (typeof AZURE_CLOUDS)[number];

/** Endpoints of each Azure cloud, for the clouds Terraform's azurerm backend knows (Microsoft Graph's: its "national cloud deployments"). */
export const CLOUD_ENDPOINTS: Record<AzureCloud, { resourceManager: string; storageSuffix: string; authorityHost: string; graph: string }> = {
  public: {
    resourceManager: "https://management.azure.com",
    storageSuffix: "core.windows.net",
    authorityHost: "https://login.microsoftonline.com",
    graph: "https://graph.microsoft.com",
  },
  china: {
    resourceManager: "https://management.chinacloudapi.cn",
    storageSuffix: "core.chinacloudapi.cn",
    authorityHost: "https://login.chinacloudapi.cn",
    graph: "https://microsoftgraph.chinacloudapi.cn",
  },
  usgovernment: {
    resourceManager: "https://management.usgovcloudapi.net",
    storageSuffix: "core.usgovcloudapi.net",
    authorityHost: "https://login.microsoftonline.us",
    graph: "https://graph.microsoft.us",
  },
};

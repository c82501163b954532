import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { AZURE_FEATURES, readAzureAccess } from "../../app/adapters/azure/azure-access.js";

function capture() {
  const lines: Array<{ msg: string }> = [];
  const log = pino({ level: "info" }, { write: (line: string) => lines.push(JSON.parse(line) as { msg: string }) });
  return { log, lines };
}

describe("the app's Azure access", () => {
  it("is off unless asked for, and says once which features that turns off", () => {
    const { log, lines } = capture();
    expect(readAzureAccess({}, log)).toBeNull();
    expect(lines).toHaveLength(1);
    expect(lines[0]?.msg).toContain(AZURE_FEATURES);
    expect(lines[0]?.msg).toContain("ENVBRANCH_AZURE=on");
  });

  it("uses DefaultAzureCredential against the selected cloud, with emulator overrides", () => {
    const { log } = capture();
    const access = readAzureAccess(
      { ENVBRANCH_AZURE: "on", ENVBRANCH_AZURE_CLOUD: "usgovernment", ENVBRANCH_BLOB_ENDPOINT: "http://127.0.0.1:10000/sttfstate", ENVBRANCH_BLOB_ACCOUNT_KEY: "a2V5" },
      log,
    );
    expect(access?.credential.constructor.name).toBe("DefaultAzureCredential");
    expect(access?.state).toMatchObject({ blobEndpoint: "http://127.0.0.1:10000/sttfstate", accountKey: "a2V5" });
  });

  it("refuses bad settings, naming them", () => {
    const { log } = capture();
    expect(() => readAzureAccess({ ENVBRANCH_AZURE: "yes" }, log)).toThrow(/ENVBRANCH_AZURE/);
    expect(() => readAzureAccess({ ENVBRANCH_AZURE: "on", ENVBRANCH_AZURE_CLOUD: "mars" }, log)).toThrow(/ENVBRANCH_AZURE_CLOUD/);
  });
});

import { accessSync, constants } from "node:fs";
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import { delimiter, join } from "node:path";

/**
 * Making `<account>.blob.localhost` resolve to 127.0.0.1 for terraform, and for terraform alone.
 *
 * The azurerm backend always dials `https://<account>.blob.<storage suffix>`; with the suffix
 * `localhost:PORT` that is `<account>.blob.localhost`, which nothing resolves: Go's resolver reads
 * /etc/hosts and then asks DNS ("lookup envbranchtest.blob.localhost on 10.255.255.53:53: no such
 * host"), it does not treat `*.localhost` as loopback, and glibc's HOSTALIASES maps names to names,
 * not to addresses. Editing the machine's /etc/hosts would leak into every other process and test.
 *
 * So the runner finds, first on its PATH, a `terraform` shim that runs the real terraform in a
 * private mount namespace where a copy of /etc/hosts with the extra names is bind-mounted over
 * /etc/hosts:
 *
 *     exec unshare --mount sh -c 'mount --bind "$0" /etc/hosts && exec "$@"' HOSTS /usr/local/bin/terraform "$@"
 *
 * `unshare --mount` makes mounts private (util-linux's default propagation), so the bind mount
 * is invisible outside; `exec` at every level keeps one PID, so signals reach terraform itself.
 * It needs root (CAP_SYS_ADMIN), which the test machines have; `shimUnavailableReason` says when not.
 * The runner itself is unaware: it runs `terraform` from PATH as it does in a workflow.
 *
 * Measured on the 2-core test machine: 20 runs of `terraform version` took 629 ms directly and
 * 683 ms through the shim, about 3 ms more per terraform process; a full plan through the azurerm
 * backend to Azurite takes about 90 ms, so the shim adds a few percent to Terraform's time.
 */
export interface TerraformShim {
  /** A directory holding only the `terraform` shim, to put first on PATH. */
  binDir: string;
  /** The real terraform the shim runs. */
  terraform: string;
}

/** Writes the hosts file and the shim into `dir` for these host names. */
export async function writeTerraformShim(dir: string, hostnames: readonly string[]): Promise<TerraformShim> {
  const terraform = findOnPath("terraform");
  if (!terraform) throw new Error("no terraform on PATH");
  const hostsFile = join(dir, "hosts");
  const system = await readFile("/etc/hosts", "utf8").catch(() => "127.0.0.1 localhost\n");
  await writeFile(hostsFile, `${system.trimEnd()}\n${hostnames.map((h) => `127.0.0.1 ${h}`).join("\n")}\n`);
  const binDir = join(dir, "bin");
  await mkdir(binDir, { recursive: true });
  const shim = join(binDir, "terraform");
  await writeFile(
    shim,
    [
      "#!/bin/sh",
      "# Runs terraform with <account>.blob.localhost resolving to 127.0.0.1; see terraform-shim.ts.",
      `exec unshare --mount sh -c 'mount --bind "$0" /etc/hosts && exec "$@"' ${shellQuote(hostsFile)} ${shellQuote(terraform)} "$@"`,
      "",
    ].join("\n"),
  );
  await chmod(shim, 0o755);
  return { binDir, terraform };
}

/** Why the shim cannot work on this machine, or null when it can. Synchronous, for `describe.skipIf`. */
export function shimUnavailableReason(): string | null {
  if (!findOnPath("terraform")) return "terraform is not on PATH";
  if (process.platform !== "linux") return `the hosts-file trick needs Linux mount namespaces (this is ${process.platform})`;
  if (!findOnPath("unshare")) return "unshare (util-linux) is not on PATH";
  if (process.getuid?.() !== 0) return "the hosts-file trick needs root for `unshare --mount` (run as root, or in a container)";
  return null;
}

/** The first executable called `name` on PATH. */
export function findOnPath(name: string, path = process.env.PATH ?? ""): string | null {
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * Writes schema/envbranch.schema.json from the zod schema that parses `.github/envbranch.yml`, so
 * editors complete and check the file. `npm run schema` regenerates it; a test fails when it drifts.
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { configJsonSchema } from "../app/config/config-json-schema.js";

const target = fileURLToPath(new URL("../schema/envbranch.schema.json", import.meta.url));
writeFileSync(target, configJsonSchema());
console.log(`wrote ${target}`);

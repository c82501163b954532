import { z } from "zod";
import { canonicalJson } from "../spec/canonical-json.js";
import { configSchema } from "./config-schema.js";

/** The JSON Schema of `.github/envbranch.yml`, generated from the same zod schema the app parses it with. */
export function configJsonSchema(): string {
  const schema = z.toJSONSchema(configSchema, { io: "input", target: "draft-7" });
  return `${canonicalJson({ ...schema, title: "envbranch configuration (.github/envbranch.yml)" })}\n`;
}

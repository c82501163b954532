#!/usr/bin/env node
/**
 * `npm start`: the envbranch app as Probot's `run` serves it (with no credentials, the setup page that
 * registers the app from app.yml), with envbranch's bounded GitHub retry policy and its logger.
 */
import { getTransformStream } from "@probot/pino";
import { pino } from "pino";
import { run } from "probot";
import { EnvbranchOctokit } from "./github-retry-policy.js";
import envbranch from "./index.js";
import { logSerializers } from "./logging/log-serializers.js";

// Probot's own logger, as it builds it from the same variables, but with envbranch's serializers.
const transform = await getTransformStream({
  logFormat: process.env.LOG_FORMAT === "json" ? "json" : process.env.LOG_FORMAT === "pretty" ? "pretty" : undefined,
  logLevelInString: process.env.LOG_LEVEL_IN_STRING === "true",
  sentryDsn: process.env.SENTRY_DSN,
});
transform.pipe(pino.destination(1) as unknown as NodeJS.WritableStream);
const log = pino(
  { level: process.env.LOG_LEVEL || "info", name: "probot", messageKey: process.env.LOG_MESSAGE_KEY || "msg", serializers: logSerializers },
  transform,
);

await run(envbranch, { Octokit: EnvbranchOctokit, log });

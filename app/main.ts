#!/usr/bin/env node
/**
 * `npm start`: the envbranch app as Probot's `run` serves it (with no credentials, the setup page that
 * registers the app from app.yml), with envbranch's bounded GitHub retry policy and its logger.
 * Every start-up setting is checked first: a bad one stops the start with all problems listed.
 */
import { getTransformStream } from "@probot/pino";
import { pino } from "pino";
import { run } from "probot";
import { EnvbranchOctokit } from "./github-retry-policy.js";
import envbranch from "./index.js";
import { logSerializers } from "./logging/log-serializers.js";
import { checkStartupSettings } from "./startup/check-startup-settings.js";
import { EXIT_CONFIG, formatStartupProblems } from "./startup/format-startup-problems.js";
import { readStartupFacts } from "./startup/read-startup-facts.js";

const { problems, warnings } = checkStartupSettings(readStartupFacts(process.env, process.cwd()));
if (problems.length > 0) {
  process.stderr.write(formatStartupProblems(problems));
  process.exit(EXIT_CONFIG);
}

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

for (const warning of warnings) log.warn(warning);
await run(envbranch, { Octokit: EnvbranchOctokit, log });

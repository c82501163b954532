#!/usr/bin/env node
/**
 * `npm start`: the envbranch app as Probot's `run` serves it (with no credentials, the setup page that
 * registers the app from app.yml), with envbranch's bounded GitHub retry policy.
 */
import { run } from "probot";
import { EnvbranchOctokit } from "./github-retry-policy.js";
import envbranch from "./index.js";

await run(envbranch, { Octokit: EnvbranchOctokit });

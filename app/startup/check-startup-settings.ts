import { nearestName } from "./nearest-name.js";
import { INSECURE_SECRET_OPT_OUT, STARTUP_SETTINGS, webhookSecretCheckOff, type Setting } from "./startup-settings.js";
import { valueOf, type Problem, type StartupFacts } from "./startup-facts.js";

/** Everything wrong with the start-up settings, and what the log must say at every start. */
export interface StartupCheck {
  problems: Problem[];
  warnings: string[];
}

/**
 * Checks every start-up setting at once, against the table in startup-settings.ts, so an operator
 * fixes all problems in one go instead of one per restart. Pure: the caller gathers the facts.
 */
export function checkStartupSettings(facts: StartupFacts, settings: readonly Setting[] = STARTUP_SETTINGS): StartupCheck {
  const problems = settings.flatMap((setting) => checkSetting(setting, facts));
  problems.push(...unknownEnvbranchVariables(facts, settings));
  const warnings = webhookSecretCheckOff(facts)
    ? [`${INSECURE_SECRET_OPT_OUT.name}=${INSECURE_SECRET_OPT_OUT.value}: the webhook secret is not checked, so deliveries signed with a weak or default secret are accepted; use this only for local development against a webhook proxy`]
    : [];
  return { problems, warnings };
}

function checkSetting(setting: Setting, facts: StartupFacts): Problem[] {
  const value = valueOf(facts.env, setting.name);
  if (value === undefined) {
    return setting.required?.applies(facts) ? [{ variable: setting.name, message: `${setting.name} is not set (required ${setting.required.when})`, fix: setting.fix }] : [];
  }
  const finding = setting.check(value, facts);
  if (finding === null) return [];
  const subject = setting.quote ? `${setting.name}=${JSON.stringify(value)}` : setting.name;
  return typeof finding === "string"
    ? [{ variable: setting.name, message: `${subject} ${finding}`, fix: setting.fix }]
    : [{ variable: setting.name, message: `${subject} ${finding.message}`, fix: finding.fix }];
}

/** `ENVBRANCH_*` variables the app does not know: most likely typos of one it does. */
function unknownEnvbranchVariables(facts: StartupFacts, settings: readonly Setting[]): Problem[] {
  const known = settings.map((setting) => setting.name).filter((name) => name.startsWith("ENVBRANCH_"));
  return Object.keys(facts.env)
    .filter((name) => name.startsWith("ENVBRANCH_") && !known.includes(name))
    .sort()
    .map((name) => {
      const nearest = nearestName(name, known);
      return nearest === null
        ? { variable: name, message: `${name} is not a setting of the envbranch app`, fix: `remove it (the app's settings are ${known.join(", ")})` }
        : { variable: name, message: `${name} is not a setting of the envbranch app; did you mean ${nearest}?`, fix: `rename it to ${nearest}` };
    });
}
